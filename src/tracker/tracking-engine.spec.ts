import { describe, expect, it } from '@jest/globals';
import { TrackingEngine } from './tracking-engine';

const S = 1000;
const LATER = 100_000 * S;
const pairs = (engine: TrackingEngine, now = LATER) =>
  engine
    .advance(now)
    .map((m) => `${m.login}:${m.fromChannel}>${m.toChannel}@${m.leftAt / S},${m.joinedAt / S}`);

describe('TrackingEngine', () => {
  it('CHATTERS: baseline first, then a leave at one poll and a join at another make a migration', () => {
    const engine = new TrackingEngine();
    engine.applyChattersPoll('a', ['Viewer', 'other'], 0, true);
    engine.applyChattersPoll('b', ['third'], 0, true);
    engine.applyChattersPoll('a', ['other'], 60 * S, true);
    engine.applyChattersPoll('b', ['third', 'viewer'], 90 * S, true);
    expect(pairs(engine)).toEqual(['viewer:a>b@60,90']);
  });

  it('CHATTERS: an incomplete poll yields no leave', () => {
    const engine = new TrackingEngine();
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, false);
    engine.applyChattersPoll('b', ['viewer'], 60 * S, true);
    expect(pairs(engine)).toEqual([]);
  });

  it('MEMBERSHIP: NAMES is a silent baseline; JOIN/PART are dated arrival − membershipDelay', () => {
    const engine = new TrackingEngine({ membershipDelayMs: 90 * S });
    engine.applyNames('a', ['viewer'], 0);
    engine.applyNames('b', [], 0);
    engine.applyMembership('a', 'part', 'viewer', 200 * S);
    engine.applyMembership('b', 'join', 'viewer', 260 * S);
    expect(pairs(engine)).toEqual(['viewer:a>b@110,170']);
  });

  it('ACTIVITY: a join at the first message, a leave at last message + ttl', () => {
    const engine = new TrackingEngine({ activityTtlMs: 120 * S });
    engine.applyMessage('a', 'viewer', 0);
    engine.applyMessage('a', 'viewer', 30 * S);
    engine.applyMessage('b', 'viewer', 200 * S);
    expect(pairs(engine)).toEqual(['viewer:a>b@150,200']);
  });

  it('holds migrations until the watermark (now − lateness) passes them', () => {
    // Lateness is max(confirmations × poll, membershipDelay + poll) = 150 s here.
    const engine = new TrackingEngine({ pollIntervalMs: 60 * S, membershipDelayMs: 90 * S });
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['viewer'], 70 * S, true);
    // Final once the watermark passes max(leave, join) + gap = 80 s, i.e. now > 230 s.
    expect(pairs(engine, 230 * S)).toEqual([]);
    expect(pairs(engine, 231 * S)).toEqual(['viewer:a>b@60,70']);
  });

  it('drains at shutdown: pairs already seen are final at once, activity is not expired', () => {
    const engine = new TrackingEngine({ pollIntervalMs: 60 * S, activityTtlMs: 120 * S });
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['viewer'], 70 * S, true);
    engine.applyMessage('c', 'chatter', 0);
    engine.applyMessage('d', 'chatter', 100 * S);
    expect(pairs(engine, 80 * S)).toEqual([]);
    const drained = engine.drain().map((m) => `${m.login}:${m.fromChannel}>${m.toChannel}`);
    // The chatter's leave from c would only come at 120 s, after the stop: no migration is invented.
    expect(drained).toEqual(['viewer:a>b']);
  });

  it('dates a leave at the first missed poll with two confirmations, and waits for the second', () => {
    const engine = new TrackingEngine({ leaveConfirmations: 2, pollIntervalMs: 60 * S });
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['viewer'], 70 * S, true);
    expect(engine.stats().pending).toBe(1);
    engine.applyChattersPoll('a', [], 120 * S, true);
    expect(pairs(engine)).toEqual(['viewer:a>b@60,70']);
  });

  it('flags a migration along a raid edge as viaRaid, and only that one', () => {
    const engine = new TrackingEngine();
    engine.applyChattersPoll('a', ['raider', 'walker'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('c', [], 0, true);
    engine.applyRaid('A', 'b', 50 * S);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['raider'], 60 * S, true);
    engine.applyChattersPoll('c', ['walker'], 60 * S, true);
    const flags = Object.fromEntries(engine.advance(LATER).map((m) => [m.login, m.viaRaid]));
    expect(flags).toEqual({ raider: true, walker: false });
  });

  it('excludes bots by name and by presence in botChannels channels', () => {
    const engine = new TrackingEngine({ botChannels: 3 });
    for (const ch of ['a', 'b', 'c', 'd'])
      engine.applyChattersPoll(ch, ch === 'a' ? ['nightbot', 'crawler'] : [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    for (const ch of ['b', 'c', 'd']) engine.applyChattersPoll(ch, ['nightbot', 'crawler'], 60 * S, true);
    expect(pairs(engine)).toEqual([]);
    expect(engine.channelCount('crawler')).toBe(3);
  });

  it('removeChannel forgets presence without emitting leaves; stats count users and channels', () => {
    const engine = new TrackingEngine();
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyMessage('b', 'chatter', 0);
    expect(engine.stats()).toEqual({ trackedUsers: 2, channels: 2, pending: 1, recorded: 0 });
    engine.removeChannel('a');
    expect(engine.channelCount('viewer')).toBe(0);
    expect(engine.stats().channels).toBe(1);
    expect(pairs(engine)).toEqual([]);
  });
});
