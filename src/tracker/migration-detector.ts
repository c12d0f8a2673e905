import type { BotQuery } from './bot-filter';
import { DueQueue } from './due-queue';
import type { PresenceEvent, PresenceSource, SnapshotDiff } from './presence-event';
import type { UserInterner } from './user-interner';

export interface Migration {
  userId: number;
  login: string;
  fromChannel: string;
  toChannel: string;
  leftAt: number;
  joinedAt: number;
  viaRaid: boolean;
  /** Source of the JOIN that completed the migration. */
  source: PresenceSource;
}

export interface MigrationDetectorOptions {
  /** Max |joinedAt − leftAt| for a migration, ms (TRACKER_WINDOW, default 300 s). */
  windowMs?: number;
  /**
   * How far behind `now` events may still arrive, ms: the watermark is `now − latenessMs`. With
   * N leave confirmations a leave is dated at its first missed poll but delivered N − 1 polls
   * later, so the tracker should pass (N − 1) × poll interval plus poll jitter.
   */
  latenessMs?: number;
  /** Events and pairings of users this reports as bots are dropped. */
  bots?: BotQuery;
}

export interface DetectorStats {
  users: number;
  pendingLeaves: number;
  pendingJoins: number;
  recorded: number;
  scheduled: number;
  raids: number;
  watermark: number;
}

interface PendingLeave {
  channel: string;
  at: number;
}

interface PendingJoin {
  channel: string;
  at: number;
  source: PresenceSource;
}

interface Recorded {
  from: string;
  to: string;
  joinedAt: number;
}

interface UserState {
  leaves: PendingLeave[];
  joins: PendingJoin[];
  /** Migrations recorded recently, for duplicate suppression. */
  recorded: Recorded[];
  /** Due time of this user's live entry in the queue (older entries are stale). */
  due: number;
}

interface Edge {
  leave: number;
  join: number;
  gap: number;
  /** The watermark must pass this for the pairing to be final. */
  finalAfter: number;
}

const abs = Math.abs;
const max = Math.max;
const min = Math.min;
const FREE = 0;
const USED = 1;
const BLOCKED = 2;

/**
 * Detects viewer migrations from join / leave events (DESIGN.md "Migration semantics").
 *
 * Rules:
 * - A migration A→B of user U pairs a leave of U from A (`leftAt`) with a join of U into B
 *   (`joinedAt`) where A ≠ B and |joinedAt − leftAt| ≤ window. Either may be observed first.
 *   Presence elsewhere does not matter: a multi-viewer leaving A while still in C who turns up in
 *   B migrated A→B.
 * - Each leave pairs with at most one join and vice versa, the nearest in time: among all of U's
 *   pending leave/join pairs, pairs are taken greedily by increasing gap (ties: earlier leave, then
 *   earlier join, then arrival order). A join back into A itself (after the leave, within the
 *   window) takes part in this pairing too: if it is the nearest, the leave was a flicker, the
 *   pair is consumed and nothing is recorded.
 * - Finalization: the caller's watermark (`advance(now)`, watermark = now − latenessMs) promises
 *   that no event dated before it will still arrive. A pair (leave l, join j) with gap d is final
 *   once it is the nearest for both sides among pending events and the watermark is past
 *   max(l, j) + d: any later event is then strictly farther from both, so nothing nearer can
 *   appear. That is at most window after the later of the two, often much sooner. Pairs waiting on
 *   a nearer, not-yet-final pair are held until it resolves.
 * - An unpaired event is dropped once the watermark is past its time + window (nothing can pair
 *   with it any more), so pending state is bounded by the events of the last window or two.
 * - The same (U, A, B) is not recorded twice with joins within window of each other; the second
 *   pair is still consumed.
 * - Bots (per {@link BotQuery}) are ignored when their events arrive and when a pair finalizes.
 * - `viaRaid`: a raid from A into B was recorded with |joinedAt − raid time| ≤ window. Raids must
 *   be recorded before the watermark finalizes the migration (they arrive live, ahead of the polls).
 */
export class MigrationDetector {
  private readonly window: number;
  private readonly lateness: number;
  private readonly bots: BotQuery | undefined;
  private readonly users = new Map<number, UserState>();
  private readonly dirty = new Set<number>();
  private readonly queue = new DueQueue();
  /** `from\nto` → raid times. */
  private readonly raids = new Map<string, number[]>();
  private watermark = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly interner: UserInterner,
    options: MigrationDetectorOptions = {},
  ) {
    this.window = options.windowMs ?? 300_000;
    this.lateness = options.latenessMs ?? 0;
    this.bots = options.bots;
  }

  join(channel: string, userId: number, at: number, source: PresenceSource): void {
    if (this.bots?.isBot(userId)) return;
    this.stateOf(userId).joins.push({ channel, at, source });
  }

  leave(channel: string, userId: number, at: number): void {
    if (this.bots?.isBot(userId)) return;
    this.stateOf(userId).leaves.push({ channel, at });
  }

  applySnapshotDiff(diff: SnapshotDiff, source: PresenceSource): void {
    const { channel, joined, joinedAt, left, leftAt } = diff;
    for (let i = 0; i < left.length; i++) this.leave(channel, left[i], leftAt[i]);
    for (let i = 0; i < joined.length; i++) this.join(channel, joined[i], joinedAt, source);
  }

  applyEvents(events: readonly PresenceEvent[]): void {
    for (const e of events) {
      if (e.kind === 'join') this.join(e.channel, e.userId, e.at, e.source);
      else this.leave(e.channel, e.userId, e.at);
    }
  }

  recordRaid(fromChannel: string, toChannel: string, at: number): void {
    const key = `${fromChannel}\n${toChannel}`;
    const times = this.raids.get(key);
    if (times === undefined) this.raids.set(key, [at]);
    else times.push(at);
  }

  /** Moves the watermark to `now − latenessMs` and returns the migrations that became final. */
  advance(now: number): Migration[] {
    const wm = max(this.watermark, now - this.lateness);
    this.watermark = wm;
    const out: Migration[] = [];
    for (const userId of this.dirty) this.check(userId, wm, out);
    this.dirty.clear();
    const queue = this.queue;
    while (queue.peekDue() < wm) {
      const due = queue.peekDue();
      const userId = queue.peekId();
      queue.pop();
      if (this.users.get(userId)?.due === due) this.check(userId, wm, out);
    }
    this.pruneRaids(wm);
    return out;
  }

  stats(): DetectorStats {
    let pendingLeaves = 0;
    let pendingJoins = 0;
    let recorded = 0;
    for (const st of this.users.values()) {
      pendingLeaves += st.leaves.length;
      pendingJoins += st.joins.length;
      recorded += st.recorded.length;
    }
    let raids = 0;
    for (const times of this.raids.values()) raids += times.length;
    const { users, queue, watermark } = this;
    return {
      users: users.size,
      pendingLeaves,
      pendingJoins,
      recorded,
      scheduled: queue.size,
      raids,
      watermark,
    };
  }

  private stateOf(userId: number): UserState {
    let st = this.users.get(userId);
    if (st === undefined) {
      st = { leaves: [], joins: [], recorded: [], due: -1 };
      this.users.set(userId, st);
    }
    this.dirty.add(userId);
    return st;
  }

  /** Finalizes what can be, drops what expired, and schedules the user's next check. */
  private check(userId: number, wm: number, out: Migration[]): void {
    const st = this.users.get(userId);
    if (st === undefined) return;
    const w = this.window;
    let next = Number.POSITIVE_INFINITY;
    let leaveState: number[] | undefined;
    let joinState: number[] | undefined;

    if (st.leaves.length > 0 && st.joins.length > 0) {
      leaveState = new Array<number>(st.leaves.length).fill(FREE);
      joinState = new Array<number>(st.joins.length).fill(FREE);
      for (const e of this.edges(st)) {
        const ls = leaveState[e.leave];
        const js = joinState[e.join];
        if (ls === USED || js === USED) continue;
        if (ls === FREE && js === FREE && wm > e.finalAfter) {
          leaveState[e.leave] = USED;
          joinState[e.join] = USED;
          this.record(userId, st, st.leaves[e.leave], st.joins[e.join], out);
        } else {
          // Undecided: a nearer event may still take one side, so both sides wait.
          if (ls === FREE && js === FREE) next = min(next, e.finalAfter);
          leaveState[e.leave] = BLOCKED;
          joinState[e.join] = BLOCKED;
        }
      }
    }

    st.leaves = this.survivors(st.leaves, leaveState, wm);
    st.joins = this.survivors(st.joins, joinState, wm);
    // Blocked events past their own expiry are covered by the blocking pair's `finalAfter`.
    for (const l of st.leaves) if (l.at + w >= wm) next = min(next, l.at + w);
    let oldestJoin = Number.POSITIVE_INFINITY;
    for (const j of st.joins) {
      if (j.at + w >= wm) next = min(next, j.at + w);
      oldestJoin = min(oldestJoin, j.at);
    }
    if (st.recorded.length > 0) {
      // A record matters while a join within window of it may still arrive or be paired.
      st.recorded = st.recorded.filter((r) => r.joinedAt + w >= wm || r.joinedAt + w >= oldestJoin);
      for (const r of st.recorded) if (r.joinedAt + w >= wm) next = min(next, r.joinedAt + w);
    }

    if (st.leaves.length === 0 && st.joins.length === 0 && st.recorded.length === 0) {
      this.users.delete(userId);
    } else if (next !== st.due) {
      st.due = next;
      this.queue.push(next, userId);
    }
  }

  /** All valid pairings of the user's pending events, nearest first. */
  private edges(st: UserState): Edge[] {
    const w = this.window;
    const edges: Edge[] = [];
    st.leaves.forEach((l, li) =>
      st.joins.forEach((j, ji) => {
        const gap = abs(j.at - l.at);
        if (gap > w) return;
        // A return into the same channel only counts if it follows the leave.
        if (j.channel === l.channel && j.at < l.at) return;
        edges.push({ leave: li, join: ji, gap, finalAfter: max(l.at, j.at) + gap });
      }),
    );
    const { leaves, joins } = st;
    return edges.sort(
      (a, b) =>
        a.gap - b.gap || leaves[a.leave].at - leaves[b.leave].at || joins[a.join].at - joins[b.join].at,
    );
  }

  /** Keeps blocked and still-pairable events; drops used ones and those past time + window. */
  private survivors<T extends { at: number }>(items: T[], states: number[] | undefined, wm: number): T[] {
    const w = this.window;
    // Common case (nothing paired, nothing expired): keep the array rather than copy it.
    if (states === undefined && items.every((item) => item.at + w >= wm)) return items;
    return items.filter((item, i) => {
      const s = states === undefined ? FREE : states[i];
      return s === BLOCKED || (s === FREE && item.at + w >= wm);
    });
  }

  private record(userId: number, st: UserState, l: PendingLeave, j: PendingJoin, out: Migration[]): void {
    if (l.channel === j.channel) return;
    if (this.bots?.isBot(userId)) return;
    const w = this.window;
    const from = l.channel;
    const to = j.channel;
    const joinedAt = j.at;
    if (st.recorded.some((r) => r.from === from && r.to === to && abs(r.joinedAt - joinedAt) <= w)) return;
    st.recorded.push({ from, to, joinedAt });
    const raidTimes = this.raids.get(`${from}\n${to}`);
    out.push({
      userId,
      login: this.interner.loginOf(userId),
      fromChannel: from,
      toChannel: to,
      leftAt: l.at,
      joinedAt,
      viaRaid: raidTimes !== undefined && raidTimes.some((t) => abs(joinedAt - t) <= w),
      source: j.source,
    });
  }

  /** A raid stays relevant while a join within window of it can still finalize (≤ 2 windows later). */
  private pruneRaids(wm: number): void {
    const horizon = wm - 3 * this.window;
    for (const [key, times] of this.raids) {
      const kept = times.filter((t) => t >= horizon);
      if (kept.length === 0) this.raids.delete(key);
      else if (kept.length !== times.length) this.raids.set(key, kept);
    }
  }
}
