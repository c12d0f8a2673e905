import { describe, expect, it } from '@jest/globals';
import { BotFilter } from './bot-filter';
import { MigrationDetector, MigrationDetectorOptions } from './migration-detector';
import { PresenceDiffer } from './presence-differ';
import { UserInterner } from './user-interner';

const S = 1000;
const W = 300 * S;
/** Far enough for every pending pair to be final. */
const LATER = 10_000 * S;

function setup(options: MigrationDetectorOptions = {}) {
  const interner = new UserInterner();
  const detector = new MigrationDetector(interner, options);
  const u = interner.intern('Viewer');
  const pairs = (now = LATER) => detector.advance(now).map((m) => `${m.fromChannel}>${m.toChannel}`);
  return { interner, detector, u, pairs };
}

describe('MigrationDetector', () => {
  it('records a leave followed by a join elsewhere, with the JOIN source', () => {
    const { detector, u } = setup();
    detector.leave('a', u, 100 * S);
    detector.join('b', u, 160 * S, 'CHATTERS');
    expect(detector.advance(LATER)).toEqual([
      {
        userId: u,
        login: 'viewer',
        fromChannel: 'a',
        toChannel: 'b',
        leftAt: 100 * S,
        joinedAt: 160 * S,
        viaRaid: false,
        source: 'CHATTERS',
      },
    ]);
  });

  it('accepts a gap of exactly the window and rejects one ms more', () => {
    const edge = setup();
    edge.detector.leave('a', edge.u, 0);
    edge.detector.join('b', edge.u, W, 'CHATTERS');
    expect(edge.pairs()).toEqual(['a>b']);
    const over = setup();
    over.detector.leave('a', over.u, 0);
    over.detector.join('b', over.u, W + 1, 'CHATTERS');
    expect(over.pairs()).toEqual([]);
  });

  it('pairs a join observed before the leave (negative gap), within the window', () => {
    const { detector, u, pairs } = setup();
    detector.join('b', u, 100 * S, 'CHATTERS');
    expect(pairs(130 * S)).toEqual([]);
    detector.leave('a', u, 120 * S);
    expect(pairs(LATER)).toEqual(['a>b']);
  });

  it('finalizes once the watermark passes max(leave, join) + gap, not before', () => {
    const { detector, u, pairs } = setup();
    detector.leave('a', u, 100 * S);
    detector.join('b', u, 110 * S, 'CHATTERS');
    expect(pairs(120 * S)).toEqual([]);
    expect(pairs(120 * S + 1)).toEqual(['a>b']);
  });

  it('honours lateness: the watermark trails now', () => {
    const { detector, u, pairs } = setup({ latenessMs: 60 * S });
    detector.leave('a', u, 100 * S);
    detector.join('b', u, 110 * S, 'CHATTERS');
    expect(pairs(150 * S)).toEqual([]);
    expect(pairs(181 * S)).toEqual(['a>b']);
  });

  it('pairs a leave with the nearest of two joins; the other join stays available', () => {
    const { detector, u } = setup();
    detector.leave('a', u, 100 * S);
    detector.join('c', u, 200 * S, 'CHATTERS');
    detector.join('b', u, 130 * S, 'CHATTERS');
    detector.leave('d', u, 230 * S);
    const found = detector.advance(LATER).map((m) => `${m.fromChannel}>${m.toChannel}@${m.joinedAt / S}`);
    expect(found.sort()).toEqual(['a>b@130', 'd>c@200']);
  });

  it('waits when a nearer join could still arrive, then lets the nearer one win', () => {
    const { detector, u, pairs } = setup();
    detector.leave('a', u, 100 * S);
    detector.join('c', u, 250 * S, 'CHATTERS');
    expect(pairs(260 * S)).toEqual([]);
    detector.join('b', u, 160 * S, 'MEMBERSHIP');
    expect(pairs(LATER)).toEqual(['a>b']);
  });

  it('pairs a join with the nearest of two candidate leaves', () => {
    const { detector, u } = setup();
    detector.leave('a', u, 100 * S);
    detector.leave('c', u, 180 * S);
    detector.join('b', u, 200 * S, 'CHATTERS');
    const [m, ...rest] = detector.advance(LATER);
    expect(rest).toEqual([]);
    expect([m.fromChannel, m.leftAt]).toEqual(['c', 180 * S]);
  });

  it('does not record leave A then rejoin A; the return consumes the leave', () => {
    const { detector, u, pairs } = setup();
    detector.leave('a', u, 100 * S);
    detector.join('a', u, 160 * S, 'CHATTERS');
    expect(pairs()).toEqual([]);
    expect(detector.stats().users).toBe(0);
  });

  it('records a multi-viewer leaving A while still in C who turns up in B', () => {
    const interner = new UserInterner();
    const differ = new PresenceDiffer();
    const detector = new MigrationDetector(interner);
    const poll = (channel: string, logins: string[], at: number) =>
      detector.applySnapshotDiff(differ.snapshotLogins(channel, logins, interner, at), 'CHATTERS');
    for (const ch of ['a', 'b', 'c']) poll(ch, ch === 'b' ? [] : ['multi'], 0);
    poll('a', [], 60 * S);
    poll('c', ['multi'], 70 * S);
    poll('b', ['multi'], 80 * S);
    const [m, ...rest] = detector.advance(LATER);
    expect(rest).toEqual([]);
    expect([m.fromChannel, m.toChannel, m.leftAt, m.joinedAt]).toEqual(['a', 'b', 60 * S, 80 * S]);
  });

  it('handles a user in three channels leaving two of them for two others', () => {
    const { detector, u } = setup();
    // Present in a, b, c; leaves a (→ d) and later b (→ e); c is untouched.
    detector.leave('a', u, 100 * S);
    detector.join('d', u, 120 * S, 'CHATTERS');
    detector.leave('b', u, 500 * S);
    detector.join('e', u, 530 * S, 'ACTIVITY');
    const found = detector.advance(LATER).map((m) => `${m.fromChannel}>${m.toChannel}:${m.source}`);
    expect(found.sort()).toEqual(['a>d:CHATTERS', 'b>e:ACTIVITY']);
  });

  it('suppresses the same user A→B twice within the window', () => {
    const { detector, u, pairs } = setup();
    detector.leave('a', u, 100 * S);
    detector.join('b', u, 110 * S, 'CHATTERS');
    expect(pairs(200 * S)).toEqual(['a>b']);
    detector.leave('a', u, 150 * S);
    detector.join('b', u, 170 * S, 'CHATTERS');
    expect(pairs(300 * S)).toEqual([]);
    // Well outside the window of the first one, it counts again.
    detector.leave('a', u, 1000 * S);
    detector.join('b', u, 1010 * S, 'CHATTERS');
    expect(pairs(LATER)).toEqual(['a>b']);
  });

  it('excludes listed bots, and names ending in "bot" only when asked', () => {
    const interner = new UserInterner();
    const plain = new MigrationDetector(interner, { bots: new BotFilter(interner) });
    const strict = new MigrationDetector(interner, {
      bots: new BotFilter(interner, { excludeNamesEndingInBot: true }),
    });
    for (const login of ['Nightbot', 'mycustombot', 'human']) {
      const id = interner.intern(login);
      for (const d of [plain, strict]) {
        d.leave('a', id, 0);
        d.join('b', id, 10 * S, 'CHATTERS');
      }
    }
    expect(plain.advance(LATER).map((m) => m.login)).toEqual(['mycustombot', 'human']);
    expect(strict.advance(LATER).map((m) => m.login)).toEqual(['human']);
  });

  it('excludes users present in botChannels channels at once', () => {
    const interner = new UserInterner();
    const bots = new BotFilter(interner, { botChannels: 3 });
    const differ = new PresenceDiffer({ counter: bots });
    const detector = new MigrationDetector(interner, { bots });
    const poll = (channel: string, logins: string[], at: number) =>
      detector.applySnapshotDiff(differ.snapshotLogins(channel, logins, interner, at), 'CHATTERS');
    for (const ch of ['a', 'b', 'c', 'd']) poll(ch, ch === 'a' ? ['crawler', 'human'] : [], 0);
    poll('a', [], 60 * S);
    poll('b', ['crawler', 'human'], 60 * S);
    poll('c', ['crawler'], 60 * S);
    poll('d', ['crawler'], 60 * S);
    expect(bots.isBot(interner.intern('crawler'))).toBe(true);
    expect(bots.isBot(interner.intern('human'))).toBe(false);
    expect(detector.advance(LATER).map((m) => m.login)).toEqual(['human']);
  });

  it('flags viaRaid only for a join within the window of a raid from A into B', () => {
    const { interner, detector } = setup();
    const inside = interner.intern('inside');
    const outside = interner.intern('outside');
    const otherPair = interner.intern('otherpair');
    detector.recordRaid('a', 'b', 1000 * S);
    detector.leave('a', inside, 990 * S);
    detector.join('b', inside, 1010 * S, 'CHATTERS');
    detector.leave('a', outside, 1290 * S);
    detector.join('b', outside, 1301 * S, 'CHATTERS');
    detector.leave('c', otherPair, 990 * S);
    detector.join('b', otherPair, 1010 * S, 'CHATTERS');
    const flags = Object.fromEntries(detector.advance(LATER).map((m) => [m.login, m.viaRaid]));
    expect(flags).toEqual({ inside: true, outside: false, otherpair: false });
  });

  it('ignores a leave and a join further apart than the window, and forgets them', () => {
    const { detector, u, pairs } = setup();
    detector.leave('a', u, 0);
    expect(pairs(W + 1)).toEqual([]);
    expect(detector.stats().pendingLeaves).toBe(0);
    detector.join('b', u, W + 2, 'CHATTERS');
    expect(pairs()).toEqual([]);
    expect(detector.stats()).toMatchObject({ users: 0, pendingJoins: 0 });
  });

  it('keeps pending state bounded over 10,000 simulated minutes of churn', () => {
    const interner = new UserInterner();
    const differ = new PresenceDiffer();
    const detector = new MigrationDetector(interner);
    const channels = ['a', 'b', 'c', 'd', 'e'];
    const viewers = channels.map((_, c) => Array.from({ length: 40 }, (_, i) => `v${c}_${i}`));
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let migrations = 0;
    let maxPending = 0;
    for (let minute = 0; minute < 10_000; minute++) {
      const at = minute * 60 * S;
      for (let c = 0; c < channels.length; c++) {
        // Two viewers hop to another channel each minute.
        for (let k = 0; k < 2 && viewers[c].length > 5; k++) {
          const who = viewers[c].splice(Math.floor(rand() * viewers[c].length), 1)[0];
          viewers[(c + 1 + Math.floor(rand() * 4)) % channels.length].push(who);
        }
      }
      for (let c = 0; c < channels.length; c++) {
        const diff = differ.snapshotLogins(channels[c], viewers[c], interner, at);
        detector.applySnapshotDiff(diff, 'CHATTERS');
      }
      migrations += detector.advance(at).length;
      const s = detector.stats();
      maxPending = Math.max(maxPending, s.pendingLeaves + s.pendingJoins + s.recorded);
      expect(s.scheduled).toBeLessThan(2000);
    }
    expect(migrations).toBeGreaterThan(10_000);
    // 10 hops a minute over a 5-minute window: ~100 events pending, never tens of thousands.
    expect(maxPending).toBeLessThan(500);
    expect(detector.stats().users).toBeLessThanOrEqual(200);
  });
});

describe('MigrationDetector, live pairing', () => {
  const live = (options: MigrationDetectorOptions = {}) => setup({ ...options, pairing: 'live' });

  it('releases a pair at the first advance that knows both sides; exact waits until max + gap', () => {
    for (const pairing of ['live', 'exact'] as const) {
      const { detector, u, pairs } = setup({ pairing });
      detector.leave('a', u, 100 * S);
      expect(pairs(100 * S)).toEqual([]);
      detector.join('b', u, 110 * S, 'CHATTERS');
      expect({ pairing, at110: pairs(110 * S) }).toEqual({
        pairing,
        at110: pairing === 'live' ? ['a>b'] : [],
      });
      expect({ pairing, later: pairs() }).toEqual({ pairing, later: pairing === 'live' ? [] : ['a>b'] });
    }
  });

  it('pairs the nearest among the events pending then; a nearer one arriving later takes nothing already paired', () => {
    const { detector, u, pairs } = live();
    detector.leave('a', u, 100 * S);
    detector.join('c', u, 200 * S, 'CHATTERS');
    detector.join('b', u, 130 * S, 'CHATTERS');
    // Both joins are pending: the nearer one (b, 30 s) takes the leave, c stays free.
    expect(pairs(200 * S)).toEqual(['a>b']);
    // Exact pairing would have waited for this nearer join (10 s from the leave); live does not re-pair.
    detector.join('e', u, 110 * S, 'MEMBERSHIP');
    expect(pairs(210 * S)).toEqual([]);
    // The free joins still pair with a later leave: the nearest of them, once.
    detector.leave('d', u, 230 * S);
    expect(pairs(230 * S)).toEqual(['d>c']);
    detector.leave('f', u, 240 * S);
    expect(pairs(240 * S)).toEqual(['f>e']);
    expect(pairs()).toEqual([]);
  });

  it('never pairs a leave or a join twice, whatever order and lateness the events come in', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const channels = ['a', 'b', 'c', 'd'];
    for (let run = 0; run < 50; run++) {
      const { detector, u } = live({ latenessMs: 120 * S });
      const released: string[] = [];
      const take = (now: number) =>
        released.push(
          ...detector.advance(now).map((m) => `${m.fromChannel}@${m.leftAt}>${m.toChannel}@${m.joinedAt}`),
        );
      let now = 0;
      for (let step = 0; step < 60; step++) {
        now += Math.floor(rand() * 40 * S);
        // Dated up to the lateness back, as membership batches and activity re-dating do.
        const at = now - Math.floor(rand() * 120 * S);
        const channel = channels[Math.floor(rand() * channels.length)];
        if (rand() < 0.5) detector.leave(channel, u, at);
        else detector.join(channel, u, at, 'CHATTERS');
        if (rand() < 0.5) take(now);
      }
      take(LATER);
      const leaves = released.map((m) => m.split('>')[0]);
      const joins = released.map((m) => m.split('>')[1]);
      expect(released.length).toBeGreaterThan(0);
      expect(new Set(leaves).size).toBe(leaves.length);
      expect(new Set(joins).size).toBe(joins.length);
    }
  });

  it('still drops an unpaired event once the watermark passes its time + window, and not before', () => {
    const kept = live({ latenessMs: 60 * S });
    kept.detector.leave('a', kept.u, 0);
    expect(kept.pairs(W + 60 * S)).toEqual([]);
    // A join dated a window after the leave, arriving a lateness late, still pairs.
    kept.detector.join('b', kept.u, W, 'MEMBERSHIP');
    expect(kept.pairs(W + 60 * S)).toEqual(['a>b']);
    const dropped = live({ latenessMs: 60 * S });
    dropped.detector.leave('a', dropped.u, 0);
    expect(dropped.pairs(W + 61 * S)).toEqual([]);
    expect(dropped.detector.stats().pendingLeaves).toBe(0);
    dropped.detector.join('b', dropped.u, W, 'MEMBERSHIP');
    expect(dropped.pairs()).toEqual([]);
  });

  it('keeps viaRaid, duplicate suppression and the bot filter', () => {
    const interner = new UserInterner();
    const detector = new MigrationDetector(interner, { pairing: 'live', bots: new BotFilter(interner) });
    const viewer = interner.intern('viewer');
    const bot = interner.intern('nightbot');
    detector.recordRaid('a', 'b', 100 * S);
    for (const id of [viewer, bot]) {
      detector.leave('a', id, 100 * S);
      detector.join('b', id, 110 * S, 'CHATTERS');
    }
    expect(detector.advance(110 * S).map((m) => `${m.login}:${m.viaRaid}`)).toEqual(['viewer:true']);
    // The same user a→b again within the window: consumed, not recorded.
    detector.leave('a', viewer, 150 * S);
    detector.join('b', viewer, 170 * S, 'CHATTERS');
    expect(detector.advance(170 * S)).toEqual([]);
    expect(detector.stats()).toMatchObject({ pendingLeaves: 0, pendingJoins: 0 });
  });
});
