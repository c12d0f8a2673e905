import { describe, expect, it } from '@jest/globals';
import { TrackingEngine } from './tracking-engine';

const S = 1000;
const LATER = 100_000 * S;
const pairs = (engine: TrackingEngine, now = LATER) =>
  engine
    .advance(now)
    .map((m) => `${m.login}:${m.fromChannel}>${m.toChannel}@${m.leftAt / S},${m.joinedAt / S}`);

describe('ACTIVITY leaves dated at the switch (ActivitySwitches)', () => {
  it('dates the leave at the first message elsewhere when the user stopped chatting here first', () => {
    // Expiry alone would date the leave at 30 + 600 = 630 s: 530 s from the join in b, past the window.
    const engine = new TrackingEngine({ activityTtlMs: 600 * S, windowMs: 300 * S });
    engine.applyMessage('a', 'viewer', 0);
    engine.applyMessage('a', 'viewer', 30 * S);
    engine.applyMessage('b', 'viewer', 100 * S);
    engine.applyMessage('b', 'viewer', 400 * S);
    expect(pairs(engine, 640 * S)).toEqual([]);
    expect(pairs(engine)).toEqual(['viewer:a>b@100,100']);
  });

  it('keeps a chatter of both channels present in both: no leave, no migration', () => {
    const engine = new TrackingEngine({ activityTtlMs: 600 * S, windowMs: 300 * S });
    for (let t = 0; t < 3000; t += 200) {
      engine.applyMessage('a', 'viewer', t * S);
      engine.applyMessage('b', 'viewer', (t + 100) * S);
    }
    expect(pairs(engine, 3000 * S)).toEqual([]);
  });

  it('keeps the expiry when the user spoke elsewhere only after it', () => {
    const engine = new TrackingEngine({ activityTtlMs: 120 * S, windowMs: 300 * S });
    engine.applyMessage('a', 'viewer', 0);
    engine.applyMessage('b', 'viewer', 200 * S);
    expect(pairs(engine)).toEqual(['viewer:a>b@120,200']);
  });

  it('holds the watermark back by the TTL once chat activity is used, so a re-dated leave still pairs', () => {
    const engine = new TrackingEngine({ activityTtlMs: 600 * S, windowMs: 300 * S, pollIntervalMs: 60 * S });
    engine.applyMessage('a', 'viewer', 0);
    engine.applyMessage('b', 'viewer', 10 * S);
    // Advanced every 30 s: without the hold the join at 10 s would be dropped unpaired at 460 s, before
    // the leave from a (known at its expiry, 600 s) arrives.
    const found: string[] = [];
    for (let t = 0; t <= 2000; t += 30) found.push(...pairs(engine, t * S));
    expect(found).toEqual(['viewer:a>b@10,10']);
  });
});

describe('MEMBERSHIP PART of a user never seen joining', () => {
  it('is still a leave: the JOIN was not sent (room over 1000) or came before NAMES', () => {
    const engine = new TrackingEngine({ membershipDelayMs: 90 * S });
    engine.applyNames('a', [], 0);
    engine.applyNames('b', [], 0);
    engine.applyMembership('a', 'part', 'viewer', 200 * S);
    engine.applyMembership('b', 'join', 'viewer', 260 * S);
    expect(pairs(engine)).toEqual(['viewer:a>b@110,170']);
  });
});
