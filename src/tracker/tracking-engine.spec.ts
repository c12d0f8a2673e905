import { describe, expect, it } from '@jest/globals';
import type { EngineCheckpoint } from './engine-checkpoint';
import { applyCheckpointDelta, emptyCheckpoint } from '../../test/tracker/tracker-fakes';
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

  it('releases a CHATTERS migration once now passes max(leave, join) + gap: no poll in the lateness', () => {
    // Polls are dated at their answer and applied at once: no CHATTERS event can still come dated before
    // now, so the watermark is now itself (it used to trail by a whole poll interval, 60 s).
    const engine = new TrackingEngine({ pollIntervalMs: 60 * S, membershipDelayMs: 90 * S });
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['viewer'], 70 * S, true);
    // Final once the watermark passes max(leave, join) + gap = 80 s.
    expect(pairs(engine, 80 * S)).toEqual([]);
    expect(pairs(engine, 81 * S)).toEqual(['viewer:a>b@60,70']);
  });

  describe('pairing', () => {
    /** Polls at `at` s, then the engine's advance of that round. */
    const round = (engine: TrackingEngine, at: number, polls: [channel: string, logins: string[]][]) => {
      for (const [channel, logins] of polls) engine.applyChattersPoll(channel, logins, at * S, true);
      return pairs(engine, at * S);
    };

    it('live: a CHATTERS pair is released in the round that sees both sides; exact: not before max + gap', () => {
      for (const pairing of ['live', 'exact'] as const) {
        const engine = new TrackingEngine({ pollIntervalMs: 60 * S, pairing });
        round(engine, 0, [
          ['a', ['viewer']],
          ['b', []],
        ]);
        expect(round(engine, 60, [['a', []]])).toEqual([]);
        const sameRound = round(engine, 70, [['b', ['viewer']]]);
        const next = round(engine, 81, []);
        if (pairing === 'live')
          expect({ sameRound, next }).toEqual({ sameRound: ['viewer:a>b@60,70'], next: [] });
        else expect({ sameRound, next }).toEqual({ sameRound: [], next: ['viewer:a>b@60,70'] });
      }
    });

    it('live: a join seen before its leave is released in the round of the leave; exact waits its gap more', () => {
      for (const pairing of ['live', 'exact'] as const) {
        const engine = new TrackingEngine({ pollIntervalMs: 60 * S, pairing });
        round(engine, 0, [
          ['a', ['viewer']],
          ['b', []],
        ]);
        expect(round(engine, 40, [['b', ['viewer']]])).toEqual([]);
        const sameRound = round(engine, 60, [['a', []]]);
        expect({ pairing, sameRound }).toEqual({
          pairing,
          sameRound: pairing === 'live' ? ['viewer:a>b@60,40'] : [],
        });
        if (pairing === 'exact') expect(round(engine, 81, [])).toEqual(['viewer:a>b@60,40']);
      }
    });

    it('live: pairs what is pending in that round, where exact waits for the nearer leave of a later poll', () => {
      const found = (pairing: 'live' | 'exact') => {
        const engine = new TrackingEngine({ pollIntervalMs: 60 * S, pairing });
        const out = [
          ...round(engine, 0, [
            ['a', ['viewer']],
            ['b', []],
          ]),
          ...round(engine, 20, [['c', ['viewer']]]),
          ...round(engine, 60, [['a', []]]),
          ...round(engine, 100, [['b', ['viewer']]]),
          ...round(engine, 130, [['c', []]]),
        ];
        return [...out, ...pairs(engine)];
      };
      expect(found('live')).toEqual(['viewer:a>b@60,100']);
      expect(found('exact')).toEqual(['viewer:c>b@130,100']);
    });

    it('live: settle at shutdown releases a pair seen since the last advance, and keeps unpaired events', () => {
      const engine = new TrackingEngine({ pollIntervalMs: 60 * S, pairing: 'live' });
      round(engine, 0, [
        ['a', ['viewer', 'leaver']],
        ['b', []],
      ]);
      engine.applyChattersPoll('a', [], 60 * S, true);
      engine.applyChattersPoll('b', ['viewer'], 70 * S, true);
      expect(engine.settle().map((m) => `${m.login}:${m.fromChannel}>${m.toChannel}`)).toEqual([
        'viewer:a>b',
      ]);
      expect(engine.stats().pending).toBe(1);
    });
  });

  it('still holds a CHATTERS pair while a nearer leave can come from a poll still to be answered', () => {
    const engine = new TrackingEngine({ pollIntervalMs: 60 * S });
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('c', ['viewer'], 20 * S, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['viewer'], 100 * S, true);
    // a→b (gap 40 s) is not final before 140 s: c's next poll may still miss the viewer, nearer to b's join.
    expect(pairs(engine, 130 * S)).toEqual([]);
    engine.applyChattersPoll('c', [], 130 * S, true);
    expect(pairs(engine, 150 * S)).toEqual([]);
    expect(pairs(engine, 161 * S)).toEqual(['viewer:c>b@130,100']);
  });

  it('with two confirmations, holds the watermark at a first miss still awaiting its confirmation', () => {
    const engine = new TrackingEngine({ leaveConfirmations: 2, pollIntervalMs: 60 * S });
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('c', ['viewer'], 5 * S, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('c', [], 65 * S, true);
    engine.applyChattersPoll('b', ['viewer'], 70 * S, true);
    engine.applyChattersPoll('a', [], 120 * S, true);
    // a's leave, dated 60 s, is confirmed; a→b would be final after 80 s, but c's leave may still be
    // confirmed dated at its first miss (65 s), nearer to b's join: the watermark stays at 65 s.
    expect(pairs(engine, 121 * S)).toEqual([]);
    engine.applyChattersPoll('c', [], 125 * S, true);
    // Nothing awaits confirmation any more: the watermark is now, past c→b's 75 s.
    expect(pairs(engine, 126 * S)).toEqual(['viewer:c>b@65,70']);
  });

  it('waits for membership events, dated back by their delay, once a membership channel is read', () => {
    // Lateness is then max(confirmations × poll, membershipDelay + poll) = 150 s, for every user.
    const engine = new TrackingEngine({ pollIntervalMs: 60 * S, membershipDelayMs: 90 * S });
    engine.applyNames('c', ['someone'], 0);
    engine.applyChattersPoll('a', ['viewer'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['viewer'], 70 * S, true);
    expect(pairs(engine, 230 * S)).toEqual([]);
    expect(pairs(engine, 231 * S)).toEqual(['viewer:a>b@60,70']);
  });

  it('does not hold a CHATTERS migration back for chat activity elsewhere, only the chatting user', () => {
    const engine = new TrackingEngine({ pollIntervalMs: 60 * S, activityTtlMs: 600 * S });
    // Another channel is read from chat, where someone chats.
    engine.applyMessage('c', 'talker', 0);
    engine.applyChattersPoll('a', ['viewer', 'talker'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['viewer', 'talker'], 70 * S, true);
    // The viewer's migration is final as soon as it would be without any chat.
    expect(pairs(engine, 81 * S)).toEqual(['viewer:a>b@60,70']);
    // The talker, who chatted within the TTL, may still get a leave re-dated up to a TTL back: theirs waits
    // until that chat presence has run out.
    expect(pairs(engine, 599 * S)).toEqual([]);
    expect(pairs(engine, 600 * S)).toEqual(['talker:a>b@60,70']);
  });

  it('settles at shutdown: pairs already seen are final at once, unpaired events and activity stay', () => {
    const engine = new TrackingEngine({ pollIntervalMs: 60 * S, activityTtlMs: 120 * S });
    engine.applyChattersPoll('a', ['viewer', 'leaver'], 0, true);
    engine.applyChattersPoll('b', [], 0, true);
    engine.applyChattersPoll('a', [], 60 * S, true);
    engine.applyChattersPoll('b', ['viewer'], 70 * S, true);
    engine.applyMessage('c', 'chatter', 0);
    engine.applyMessage('d', 'chatter', 100 * S);
    expect(pairs(engine, 80 * S)).toEqual([]);
    const settled = engine.settle().map((m) => `${m.login}:${m.fromChannel}>${m.toChannel}`);
    // The chatter's leave from c would only come at 120 s, after the stop: no migration is invented.
    expect(settled).toEqual(['viewer:a>b']);
    // The leaver's leave waits for a join (after a restart from a checkpoint, say).
    engine.applyChattersPoll('b', ['viewer', 'leaver'], 120 * S, true);
    expect(pairs(engine).filter((pair) => pair.startsWith('leaver'))).toEqual(['leaver:a>b@60,120']);
  });

  describe('checkpoints', () => {
    const options = { pollIntervalMs: 60 * S, activityTtlMs: 120 * S, checkpoints: true };

    const store = (engine: TrackingEngine, stored: EngineCheckpoint) =>
      applyCheckpointDelta(stored, engine.checkpoint());
    const empty = emptyCheckpoint;

    /** Rounds of polls of a, b and c, then the migrations final at `now`. */
    const rounds: [at: number, a: string[], b: string[], c: string[]][] = [
      [0, ['u1', 'u2', 'u3'], ['u4'], []],
      [60, ['u2', 'u3'], ['u4'], []],
      [120, ['u3'], ['u4', 'u1'], ['u2']],
      [180, ['u3', 'u4'], [], ['u2']],
      [240, [], ['u3'], ['u2', 'u4']],
      [300, [], ['u3'], ['u2', 'u4']],
      [900, [], ['u3'], ['u4']],
    ];

    function play(
      engine: TrackingEngine,
      from: number,
      to: number,
      out: string[],
      stored?: EngineCheckpoint,
    ) {
      for (const [at, a, b, c] of rounds.slice(from, to)) {
        engine.applyChattersPoll('a', a, at * S, true);
        engine.applyChattersPoll('b', b, at * S, true);
        engine.applyChattersPoll('c', c, at * S, true);
        if (at === 120) engine.applyRaid('a', 'c', 110 * S);
        out.push(
          ...engine.advance(at * S).map((m) => `${m.login}:${m.fromChannel}>${m.toChannel}@${m.viaRaid}`),
        );
        if (stored) store(engine, stored);
      }
    }

    it.each(['exact', 'live'] as const)(
      '%s pairing: a restart from the stored checkpoint finds what an uninterrupted engine finds',
      (pairing) => {
        const uninterrupted: string[] = [];
        play(new TrackingEngine({ ...options, pairing }), 0, rounds.length, uninterrupted);
        expect(uninterrupted.length).toBeGreaterThanOrEqual(3);

        for (let crashAfter = 1; crashAfter < rounds.length; crashAfter++) {
          const stored = empty();
          const found: string[] = [];
          play(new TrackingEngine({ ...options, pairing }), 0, crashAfter, found, stored);
          const restarted = new TrackingEngine({ ...options, pairing });
          restarted.restore(stored, { presence: true });
          play(restarted, crashAfter, rounds.length, found);
          expect({ crashAfter, found: found.sort() }).toEqual({
            crashAfter,
            found: [...uninterrupted].sort(),
          });
        }
      },
    );

    it('a checkpoint of either pairing restores into the other: nothing lost, nothing paired twice', () => {
      // exact → live: a pair exact still held (not final before 80 s) is released at the first advance.
      const exactStored = empty();
      const exact = new TrackingEngine({ ...options, pairing: 'exact' });
      exact.applyChattersPoll('a', ['viewer'], 0, true);
      exact.applyChattersPoll('b', [], 0, true);
      exact.applyChattersPoll('a', [], 60 * S, true);
      exact.applyChattersPoll('b', ['viewer'], 70 * S, true);
      expect(exact.advance(70 * S)).toEqual([]);
      store(exact, exactStored);
      const live = new TrackingEngine({ ...options, pairing: 'live' });
      live.restore(exactStored, { presence: true });
      expect(pairs(live, 71 * S)).toEqual(['viewer:a>b@60,70']);
      expect(pairs(live)).toEqual([]);

      // live → exact: a leave live had no partner for yet pairs with a join after the restart, and a
      // migration live already released is not released again.
      const liveStored = empty();
      const before = new TrackingEngine({ ...options, pairing: 'live' });
      before.applyChattersPoll('a', ['viewer', 'leaver'], 0, true);
      before.applyChattersPoll('b', [], 0, true);
      before.applyChattersPoll('a', [], 60 * S, true);
      before.applyChattersPoll('b', ['viewer'], 70 * S, true);
      expect(pairs(before, 70 * S)).toEqual(['viewer:a>b@60,70']);
      store(before, liveStored);
      const after = new TrackingEngine({ ...options, pairing: 'exact' });
      after.restore(liveStored, { presence: true });
      after.applyChattersPoll('b', ['viewer', 'leaver'], 120 * S, true);
      expect(pairs(after)).toEqual(['leaver:a>b@60,120']);
    });

    it('without presence, pending leaves still pair with later joins; nothing is invented', () => {
      const stored = empty();
      const engine = new TrackingEngine(options);
      engine.applyChattersPoll('a', ['viewer', 'stayer'], 0, true);
      engine.applyChattersPoll('b', ['stayer'], 0, true);
      engine.applyChattersPoll('a', ['stayer'], 60 * S, true);
      expect(engine.advance(60 * S)).toEqual([]);
      store(engine, stored);
      const restarted = new TrackingEngine(options);
      restarted.restore(stored, { presence: false });
      // First polls after the restart are a baseline again: no joins, so the stayer is no migration.
      restarted.applyChattersPoll('a', ['stayer'], 120 * S, true);
      restarted.applyChattersPoll('b', ['stayer'], 120 * S, true);
      restarted.applyChattersPoll('b', ['stayer', 'viewer'], 150 * S, true);
      expect(pairs(restarted)).toEqual(['viewer:a>b@60,150']);
    });

    it('removed channels and users with nothing pending leave the delta as null', () => {
      const engine = new TrackingEngine(options);
      engine.applyChattersPoll('a', ['viewer'], 0, true);
      engine.applyChattersPoll('a', [], 60 * S, true);
      const first = engine.checkpoint();
      expect(first.users.get('viewer')).toEqual({ leaves: [['a', 60 * S]], joins: [], recorded: [] });
      expect(first.channels.get('a')).toEqual({ kind: 'list', logins: [] });
      engine.removeChannel('a');
      engine.advance(LATER);
      const second = engine.checkpoint();
      expect(second.users.get('viewer')).toBeNull();
      expect(second.channels.get('a')).toBeNull();
      expect(engine.checkpoint().users.size).toBe(0);
    });

    it('exports chat presence with its end, and membership as open-ended', () => {
      const engine = new TrackingEngine(options);
      engine.applyMessage('a', 'chatter', 10 * S);
      engine.applyMembership('b', 'join', 'member', 100 * S);
      const delta = engine.checkpoint();
      expect(delta.channels.get('a')).toEqual({ kind: 'events', members: [['chatter', 130 * S]] });
      expect(delta.channels.get('b')).toEqual({ kind: 'events', members: [['member', null]] });
      expect(delta.meta.membershipUsed).toBe(true);
      expect(delta.meta.activityJoins).toEqual([['chatter', 'a', 10 * S]]);
    });
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
