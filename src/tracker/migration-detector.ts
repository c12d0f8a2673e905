import type { BotQuery } from './bot-filter';
import { DueBuckets } from './due-buckets';
import type { PendingUserCheckpoint } from './engine-checkpoint';
import { add, type Few, fewOf, listOf, nextExpiry, oldest, unexpired } from './few';
import { pairNearest, type PendingJoin, type PendingLeave } from './nearest-pairing';
import type { PresenceSource } from '../migration/presence-source';
import type { PresenceEvent, SnapshotDiff } from './presence-event';
import { RaidLog, type RaidTimes } from './raid-log';
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

/**
 * When a pair is released (TRACKER_PAIRING): `exact` once no nearer event can still arrive (the definition's
 * nearest pair), `live` as soon as both sides are known, nearest among the events pending then.
 */
export type PairingMode = 'exact' | 'live';

export interface MigrationDetectorOptions {
  /** Max |joinedAt − leftAt| for a migration, ms (TRACKER_WINDOW, default 300 s). */
  windowMs?: number;
  /** When pairs are released; `exact` unless given (the service's setting TRACKER_PAIRING chooses). */
  pairing?: PairingMode;
  /**
   * How far behind `now` events of any user may still be dated when they arrive, ms: the watermark is
   * `now − latenessMs`. Changeable ({@link setLatenessMs}): the engine sets it before every advance from
   * the sources in use (for CHATTERS, the oldest first miss of a leave still awaiting confirmation).
   */
  latenessMs?: number;
  /**
   * How much later than that events of this user may still arrive (a user chatting in an ACTIVITY channel,
   * whose leave there may be dated up to the activity TTL back): their pairs wait that much longer, and
   * nobody else's do (in `live` pairing, only their unpaired events are kept that much longer).
   */
  extraLatenessMs?: (userId: number) => number;
  /** Events and pairings of users this reports as bots are dropped. */
  bots?: BotQuery;
  /** Keep a list of the users whose pending state changed, for checkpoints ({@link takeChangedUsers}). */
  trackChanges?: boolean;
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

interface Recorded {
  from: string;
  to: string;
  joinedAt: number;
}

interface UserState {
  leaves: Few<PendingLeave>;
  joins: Few<PendingJoin>;
  /** Migrations recorded recently, for duplicate suppression. */
  recorded: Few<Recorded>;
  /** Due time of this user's live entry in the queue (older entries are stale); NaN: none yet. */
  due: number;
  /** Already listed in `dirty` since the last advance. */
  dirty: boolean;
  /** Already listed in `changes` since the last checkpoint. */
  changed: boolean;
}

const abs = Math.abs;
const max = Math.max;
const min = Math.min;

/**
 * Detects viewer migrations from join / leave events (docs/architecture.md "Migration semantics").
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
 * - Finalization, `exact` pairing: the caller's watermark (`advance(now)`, watermark = now −
 *   latenessMs) promises that no event dated before it will still arrive. A pair (leave l, join j)
 *   with gap d is final once it is the nearest for both sides among pending events and the
 *   watermark is past max(l, j) + d: any later event is then strictly farther from both, so nothing
 *   nearer can appear. That is at most window after the later of the two, often much sooner. Pairs
 *   waiting on a nearer, not-yet-final pair are held until it resolves.
 * - Finalization, `live` pairing: at the first advance after both sides are known, the same greedy
 *   nearest-first pairing runs over the events pending then and every pair it makes is final at once.
 *   It gives up the guarantee above: an event that arrives later (a poll still to come, a membership
 *   batch, a re-dated activity leave) nearer to a side already paired can no longer take it, so the
 *   pair made may not be the definition's nearest. The watermark still decides when an unpaired event
 *   expires, so a partner that arrives late still pairs with an event that is free.
 * - An unpaired event is dropped once the watermark is past its time + window (nothing can pair
 *   with it any more), so pending state is bounded by the events of the last window or two.
 * - The same (U, A, B) is not recorded twice with joins within window of each other; the second
 *   pair is still consumed.
 * - Bots (per {@link BotQuery}) are ignored when their events arrive and when a pair finalizes.
 * - `viaRaid`: a raid from A into B was recorded with |joinedAt − raid time| ≤ window. Raids must
 *   be recorded before the migration is final (they arrive live, ahead of the polls; in `live`
 *   pairing, before the advance that sees both sides).
 */
export class MigrationDetector {
  private readonly window: number;
  /** `live` pairing: every pair is final when made (the finalization watermark is +∞). */
  private readonly live: boolean;
  private lateness: number;
  private readonly extraLateness: (userId: number) => number;
  private readonly bots: BotQuery | undefined;
  /**
   * Indexed by (dense, interned) user id, undefined when nothing is pending: one slot per user reads
   * faster and weighs less than a Map entry per pending user.
   */
  private readonly users: (UserState | undefined)[] = [];
  private userCount = 0;
  /** Users with new events, in arrival order; an array plus a flag is cheaper than a Set per event. */
  private dirty: number[] = [];
  private readonly queue = new DueBuckets();
  private readonly raids: RaidLog;
  private watermark = Number.NEGATIVE_INFINITY;
  /** Users whose state changed since the last checkpoint (null when changes are not tracked). */
  private changes: number[] | null;

  constructor(
    private readonly interner: UserInterner,
    options: MigrationDetectorOptions = {},
  ) {
    this.window = options.windowMs ?? 300_000;
    this.live = options.pairing === 'live';
    this.lateness = options.latenessMs ?? 0;
    this.extraLateness = options.extraLatenessMs ?? (() => 0);
    this.bots = options.bots;
    this.raids = new RaidLog(this.window);
    this.changes = options.trackChanges ? [] : null;
  }

  join(channel: string, userId: number, at: number, source: PresenceSource): void {
    if (this.bots?.isBot(userId)) return;
    const st = this.stateOf(userId);
    st.joins = add(st.joins, { channel, at, source });
    this.changedState(userId, st);
    this.arrived(userId, st, st.leaves, at);
  }

  leave(channel: string, userId: number, at: number): void {
    if (this.bots?.isBot(userId)) return;
    const st = this.stateOf(userId);
    st.leaves = add(st.leaves, { channel, at });
    this.changedState(userId, st);
    this.arrived(userId, st, st.joins, at);
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
    this.raids.record(fromChannel, toChannel, at);
  }

  /**
   * At shutdown: records every pair that can be made now, as if the watermark had passed them all (no
   * later event will come before the stop), but keeps the unpaired events, which a restart resuming from a
   * checkpoint can still pair. The watermark itself does not move.
   */
  settle(): Migration[] {
    const out: Migration[] = [];
    for (let userId = 0; userId < this.users.length; userId++) {
      const st = this.users[userId];
      if (st?.leaves !== undefined && st.joins !== undefined) {
        this.check(userId, this.watermark, out, Number.POSITIVE_INFINITY);
      }
    }
    return out;
  }

  setLatenessMs(latenessMs: number): void {
    this.lateness = latenessMs;
  }

  /**
   * Moves the watermark to `now − latenessMs` and returns the migrations that became final: a user's pairs
   * against the watermark less their extra lateness. Queue entries are due times shifted by that extra, so
   * that a user is visited when their own watermark passes.
   */
  advance(now: number): Migration[] {
    const wm = max(this.watermark, now - this.lateness);
    this.watermark = wm;
    const out: Migration[] = [];
    const dirty = this.dirty;
    this.dirty = [];
    for (let i = 0; i < dirty.length; i++) this.check(dirty[i], wm, out);
    // Entries whose due time is no longer the user's own are stale (the user was rescheduled).
    this.queue.drain(wm, (userId, due) => {
      if (this.users[userId]?.due === due) this.check(userId, wm, out);
    });
    this.raids.prune(wm);
    return out;
  }

  stats(): DetectorStats {
    let pendingLeaves = 0;
    let pendingJoins = 0;
    let recorded = 0;
    for (const st of this.users) {
      if (st === undefined) continue;
      pendingLeaves += listOf(st.leaves).length;
      pendingJoins += listOf(st.joins).length;
      recorded += listOf(st.recorded).length;
    }
    const { userCount, queue, watermark } = this;
    return {
      users: userCount,
      pendingLeaves,
      pendingJoins,
      recorded,
      scheduled: queue.size,
      raids: this.raids.size,
      watermark,
    };
  }

  /** The users whose pending state changed since the last call (each once); empty unless tracked. */
  takeChangedUsers(): number[] {
    const changes = this.changes;
    if (changes === null || changes.length === 0) return [];
    this.changes = [];
    const out: number[] = [];
    for (const userId of new Set(changes)) {
      const st = this.users[userId];
      if (st !== undefined) st.changed = false;
      out.push(userId);
    }
    return out;
  }

  /** The user's pending state as a checkpoint stores it; undefined when nothing is pending. */
  exportUser(userId: number): PendingUserCheckpoint | undefined {
    const st = this.users[userId];
    if (st === undefined) return undefined;
    return {
      leaves: listOf(st.leaves).map((l) => [l.channel, l.at]),
      joins: listOf(st.joins).map((j) => [j.channel, j.at, j.source]),
      recorded: listOf(st.recorded).map((r) => [r.from, r.to, r.joinedAt]),
    };
  }

  /** Puts back a user's pending state from a checkpoint; the next advance checks them. */
  restoreUser(userId: number, saved: PendingUserCheckpoint): void {
    const st = this.stateOf(userId);
    st.leaves = fewOf(saved.leaves.map(([channel, at]) => ({ channel, at })));
    st.joins = fewOf(saved.joins.map(([channel, at, source]) => ({ channel, at, source })));
    st.recorded = fewOf(saved.recorded.map(([from, to, joinedAt]) => ({ from, to, joinedAt })));
    if (!st.dirty) {
      st.dirty = true;
      this.dirty.push(userId);
    }
  }

  /** Watermark and recent raids, for a checkpoint. */
  exportMeta(): { watermark: number; raids: RaidTimes[] } {
    return { watermark: this.watermark, raids: this.raids.export() };
  }

  restoreMeta(meta: { watermark: number; raids: readonly [string, string, readonly number[]][] }): void {
    this.watermark = meta.watermark;
    this.raids.restore(meta.raids);
  }

  private stateOf(userId: number): UserState {
    const users = this.users;
    // Grown one slot at a time: assigning far past the end would turn the array into a dictionary.
    while (users.length <= userId) users.push(undefined);
    let st = users[userId];
    if (st === undefined) {
      st = {
        leaves: undefined,
        joins: undefined,
        recorded: undefined,
        due: NaN,
        dirty: false,
        changed: false,
      };
      users[userId] = st;
      this.userCount++;
    }
    return st;
  }

  private changedState(userId: number, st: UserState): void {
    if (this.changes === null || st.changed) return;
    st.changed = true;
    this.changes.push(userId);
  }

  /**
   * After an event at `at`: a user who now holds both kinds (or a record) is checked at the next
   * advance. One who holds a single kind (most) can pair with nothing yet and only ages out: a
   * check when this event expires does all a check now would, without visiting the user twice.
   */
  private arrived(userId: number, st: UserState, otherKind: object | undefined, at: number): void {
    if (otherKind !== undefined || st.recorded !== undefined) {
      if (!st.dirty) {
        st.dirty = true;
        this.dirty.push(userId);
      }
      return;
    }
    const due = at + this.window + this.extraLateness(userId);
    // Not scheduled yet (NaN), or only later: this expiry comes first.
    if (!(st.due <= due)) {
      st.due = due;
      this.queue.push(due, userId);
    }
  }

  /**
   * Finalizes what can be, drops what expired, and schedules the user's next check. `finalWm` is the
   * watermark pairs are finalized against (higher than `wm` only when settling at shutdown, and +∞ in
   * `live` pairing, where the nearest pair among the pending events is final at once).
   */
  private check(userId: number, watermark: number, out: Migration[], finalWatermark = watermark): void {
    const st = this.users[userId];
    if (st === undefined) return;
    st.dirty = false;
    const extra = this.extraLateness(userId);
    const wm = watermark - extra;
    const finalWm = this.live ? Number.POSITIVE_INFINITY : finalWatermark === watermark ? wm : finalWatermark;
    // Checked users are the ones whose events pair or age out: their stored state is due for a rewrite.
    this.changedState(userId, st);
    const w = this.window;
    let next = Number.POSITIVE_INFINITY;
    if (st.leaves !== undefined && st.joins !== undefined) {
      next = this.pair(userId, st, wm, finalWm, out);
    } else {
      // Only leaves or only joins (most users): nothing to pair, they just age out.
      st.leaves = unexpired(st.leaves, w, wm);
      st.joins = unexpired(st.joins, w, wm);
    }
    // Blocked events past their own expiry are covered by the blocking pair's `finalAfter`.
    next = min(next, nextExpiry(st.leaves, w, wm), nextExpiry(st.joins, w, wm));
    if (st.recorded !== undefined) {
      const oldestJoin = oldest(st.joins);
      // A record matters while a join within window of it may still arrive or be paired.
      const kept = listOf(st.recorded).filter((r) => r.joinedAt + w >= wm || r.joinedAt + w >= oldestJoin);
      st.recorded = fewOf(kept);
      for (const r of kept) if (r.joinedAt + w >= wm) next = min(next, r.joinedAt + w);
    }

    if (st.leaves === undefined && st.joins === undefined && st.recorded === undefined) {
      this.users[userId] = undefined;
      this.userCount--;
    } else if (next + extra !== st.due) {
      st.due = next + extra;
      this.queue.push(st.due, userId);
    }
  }

  /**
   * Records the pairs that are final and keeps what may still pair (see the class rules); returns
   * when the earliest undecided pair can be decided.
   */
  private pair(userId: number, st: UserState, wm: number, finalWm: number, out: Migration[]): number {
    const rest = pairNearest(listOf(st.leaves), listOf(st.joins), this.window, wm, finalWm, (l, j) =>
      this.record(userId, st, l, j, out),
    );
    st.leaves = fewOf(rest.leaves);
    st.joins = fewOf(rest.joins);
    return rest.next;
  }

  private record(userId: number, st: UserState, l: PendingLeave, j: PendingJoin, out: Migration[]): void {
    if (l.channel === j.channel) return;
    if (this.bots?.isBot(userId)) return;
    const w = this.window;
    const from = l.channel;
    const to = j.channel;
    const joinedAt = j.at;
    const dup = (r: Recorded) => r.from === from && r.to === to && abs(r.joinedAt - joinedAt) <= w;
    if (listOf(st.recorded).some(dup)) return;
    st.recorded = add(st.recorded, { from, to, joinedAt });
    out.push({
      userId,
      login: this.interner.loginOf(userId),
      fromChannel: from,
      toChannel: to,
      leftAt: l.at,
      joinedAt,
      viaRaid: this.raids.viaRaid(from, to, joinedAt),
      source: j.source,
    });
  }
}
