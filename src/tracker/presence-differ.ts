import type { PresenceCounter } from './bot-filter';
import type { PresenceEvent, SnapshotDiff } from './presence-event';
import type { UserInterner } from './user-interner';

export interface PresenceDifferOptions {
  /** Consecutive complete snapshots a user must be missing from before the leave counts. */
  leaveConfirmations?: number;
  /** Told about every user entering / leaving a channel's presence (e.g. the BotFilter). */
  counter?: PresenceCounter;
}

export interface SnapshotOptions {
  /** False for a failed or partial poll (error, truncated pages, `total` mismatch). */
  complete?: boolean;
}

interface ChannelState {
  /** Still false while no complete snapshot has been seen: everything seen so far is baseline. */
  baselined: boolean;
  /** Fed by {@link PresenceDiffer.snapshotLogins}: `present` is keyed by login, else by id. */
  byLogin: boolean;
  /**
   * Present users, key → id. Keyed by (lower-case) login on the login path, so an unchanged viewer
   * resolves in this small per-channel table and never touches the interner's global one.
   */
  present: Map<string | number, number>;
  /**
   * The ids of `present`, densely in `ids[0..count)`: the scan for leavers is then a typed-array
   * loop, where walking the Map would call back once per present user on every poll.
   */
  ids: Uint32Array;
  count: number;
  /** Users of `present` missing from the latest complete snapshots: count and first-miss time. */
  missCount: Map<number, number>;
  missSince: Map<number, number>;
}

const floor = Math.floor;

function newDiff(channel: string, at: number): SnapshotDiff {
  return { channel, joined: [], joinedAt: at, left: [], leftAt: [] };
}

function addId(state: ChannelState, id: number): void {
  if (state.count === state.ids.length) {
    // 1.5×: a channel's audience drifts rather than doubles.
    const grown = new Uint32Array(floor(state.count * 1.5));
    grown.set(state.ids);
    state.ids = grown;
  }
  state.ids[state.count++] = id;
}

/**
 * Turns FULL presence snapshots of a channel into join / leave events.
 *
 * - The first snapshot is a baseline (no joins). A channel stays in baseline until its first
 *   COMPLETE snapshot, because a truncated first list would turn the users it missed into false
 *   joins on the next poll.
 * - An incomplete snapshot (`complete: false`) produces no leaves and does not advance the leave
 *   counters: absence from a partial list says nothing. It does produce joins for users newly seen,
 *   since being listed at all proves presence (a partial list is a subset of the truth), and
 *   delaying those joins would only push them further from the leave they pair with.
 * - A leave is confirmed once the user is missing from `leaveConfirmations` consecutive complete
 *   snapshots; it is dated at the FIRST snapshot that missed them (the best estimate of when they
 *   left). Reappearing in any snapshot before that resets the count.
 */
export class PresenceDiffer {
  private readonly confirmations: number;
  private readonly counter: PresenceCounter | undefined;
  private readonly channels = new Map<string, ChannelState>();
  // Membership test for the current snapshot without building a Set per poll: mark[id] === epoch.
  // One byte per user: clearing it every 255 snapshots costs far less than 3 more bytes per user.
  private mark: Uint8Array = new Uint8Array(1024);
  private epoch = 0;

  constructor(options: PresenceDifferOptions = {}) {
    this.confirmations = options.leaveConfirmations ?? 1;
    if (!(this.confirmations >= 1)) throw new RangeError('leaveConfirmations must be ≥ 1');
    this.counter = options.counter;
  }

  /** Diffs one full snapshot (`users`: interned ids, duplicates tolerated) taken at `at`. */
  snapshot(
    channel: string,
    users: ArrayLike<number>,
    at: number,
    options: SnapshotOptions = {},
  ): SnapshotDiff {
    const diff = newDiff(channel, at);
    const state = this.stateOf(channel, false);
    const { present, missCount, missSince } = state;
    const emitJoins = state.baselined;
    const counter = this.counter;
    const epoch = this.nextEpoch();
    let mark = this.mark;
    let distinct = 0;

    for (let i = 0; i < users.length; i++) {
      const id = users[i];
      if (id >= mark.length) mark = this.growMark(id);
      if (mark[id] === epoch) continue;
      mark[id] = epoch;
      distinct++;
      if (!present.has(id)) {
        present.set(id, id);
        addId(state, id);
        counter?.enter(id);
        if (emitJoins) diff.joined.push(id);
      } else if (missCount.size > 0 && missCount.delete(id)) {
        missSince.delete(id);
      }
    }
    this.finish(state, options, at, epoch, distinct, diff, undefined);
    return diff;
  }

  /**
   * Same as {@link snapshot} for a snapshot of logins (duplicates and case variants tolerated),
   * interning only the logins not already present in the channel. Feed a channel either by ids or
   * by logins, not both: the two key its presence differently.
   */
  snapshotLogins(
    channel: string,
    logins: readonly string[],
    interner: UserInterner,
    at: number,
    options: SnapshotOptions = {},
  ): SnapshotDiff {
    const diff = newDiff(channel, at);
    const state = this.stateOf(channel, true);
    const { present, missCount, missSince } = state;
    const emitJoins = state.baselined;
    const counter = this.counter;
    const epoch = this.nextEpoch();
    let mark = this.mark;
    let distinct = 0;
    // Nobody present yet (a channel's first list): every login is new here, so skip the lookups;
    // a repeat within this list is caught by `mark`, as it resolves to the same id.
    const empty = present.size === 0;

    for (let i = 0; i < logins.length; i++) {
      const login = logins[i];
      let id = empty ? undefined : present.get(login);
      let newKey: string | undefined;
      if (id === undefined) {
        id = interner.intern(login);
        // A case variant of a present login resolves to the key it was stored under.
        const key = interner.loginOf(id);
        if (empty || key === login || !present.has(key)) newKey = key;
      }
      if (id >= mark.length) mark = this.growMark(id);
      if (mark[id] === epoch) continue;
      mark[id] = epoch;
      distinct++;
      if (newKey !== undefined) {
        present.set(newKey, id);
        addId(state, id);
        counter?.enter(id);
        if (emitJoins) diff.joined.push(id);
      } else if (missCount.size > 0 && missCount.delete(id)) {
        missSince.delete(id);
      }
    }
    this.finish(state, options, at, epoch, distinct, diff, interner);
    return diff;
  }

  /** Forgets a channel (no longer monitored); its users no longer count as present there. */
  removeChannel(channel: string): void {
    const state = this.channels.get(channel);
    if (state === undefined) return;
    if (this.counter !== undefined) for (const id of state.present.values()) this.counter.exit(id);
    this.channels.delete(channel);
  }

  /** Users currently considered present (including those with an unconfirmed absence). */
  presentCount(channel: string): number {
    return this.channels.get(channel)?.present.size ?? 0;
  }

  private stateOf(channel: string, byLogin: boolean): ChannelState {
    let state = this.channels.get(channel);
    if (state === undefined) {
      state = {
        baselined: false,
        byLogin,
        present: new Map(),
        ids: new Uint32Array(16),
        count: 0,
        missCount: new Map(),
        missSince: new Map(),
      };
      this.channels.set(channel, state);
    } else if (state.byLogin !== byLogin) {
      throw new Error(`channel ${channel} is fed by ${state.byLogin ? 'logins' : 'ids'}`);
    }
    return state;
  }

  private finish(
    state: ChannelState,
    options: SnapshotOptions,
    at: number,
    epoch: number,
    distinct: number,
    diff: SnapshotDiff,
    interner: UserInterner | undefined,
  ): void {
    if (options.complete === false) return;
    state.baselined = true;
    // Everyone present was seen (the common case between churn): nothing can have left.
    if (state.count > distinct) this.collectLeaves(state, at, epoch, diff, interner);
  }

  /** `interner` is the login path's (its keys are the interned logins); undefined: keyed by id. */
  private collectLeaves(
    state: ChannelState,
    at: number,
    epoch: number,
    diff: SnapshotDiff,
    interner: UserInterner | undefined,
  ): void {
    const { present, ids, missCount, missSince } = state;
    const mark = this.mark;
    const needed = this.confirmations;
    const counter = this.counter;
    let count = state.count;
    for (let slot = 0; slot < count; slot++) {
      const id = ids[slot];
      if (mark[id] === epoch) continue;
      const misses = (missCount.get(id) ?? 0) + 1;
      const since = misses === 1 ? at : (missSince.get(id) as number);
      if (misses >= needed) {
        present.delete(interner === undefined ? id : interner.loginOf(id));
        // Swap-remove, then look at the slot again: it now holds the last id.
        ids[slot--] = ids[--count];
        missCount.delete(id);
        missSince.delete(id);
        counter?.exit(id);
        diff.left.push(id);
        diff.leftAt.push(since);
      } else {
        missCount.set(id, misses);
        missSince.set(id, since);
      }
    }
    state.count = count;
  }

  private nextEpoch(): number {
    if (this.epoch === 0xff) {
      this.mark.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  private growMark(id: number): Uint8Array {
    let size = this.mark.length;
    // 1.5× rather than 2×: ids grow steadily, so less spare capacity is worth a few more copies.
    while (size <= id) size = floor(size * 1.5);
    const grown = new Uint8Array(size);
    grown.set(this.mark);
    this.mark = grown;
    return grown;
  }
}

export interface ActivityPresenceOptions {
  /** A chatter counts as present until this long after their last message. */
  activityTtlMs?: number;
  counter?: PresenceCounter;
}

/** Membership (JOIN) presence does not expire by itself; only a PART ends it. */
const UNTIL_PART = Number.POSITIVE_INFINITY;

/**
 * Presence from EVENT sources: chat messages (ACTIVITY) and IRC JOIN/PART (MEMBERSHIP).
 * A chatter is present from their message until `activityTtlMs` after their last one; the leave is
 * dated at that expiry and emitted when the caller's {@link expire} reaches it. JOIN/PART pass
 * through, de-duplicated: a JOIN of a present user or a PART of an absent one changes nothing.
 */
export class ActivityPresence {
  private readonly ttl: number;
  private readonly counter: PresenceCounter | undefined;
  /** Per channel: user id → time their presence ends (last message + ttl, or UNTIL_PART). */
  private readonly channels = new Map<string, Map<number, number>>();

  constructor(options: ActivityPresenceOptions = {}) {
    this.ttl = options.activityTtlMs ?? 600_000;
    this.counter = options.counter;
  }

  /** A chat message; returns the join it implies, if the user was not present. */
  message(channel: string, userId: number, at: number): PresenceEvent | undefined {
    const users = this.users(channel);
    const until = users.get(userId);
    if (until === undefined) {
      users.set(userId, at + this.ttl);
      this.counter?.enter(userId);
      return { kind: 'join', channel, userId, at, source: 'ACTIVITY' };
    }
    if (until !== UNTIL_PART && at + this.ttl > until) users.set(userId, at + this.ttl);
    return undefined;
  }

  join(channel: string, userId: number, at: number): PresenceEvent | undefined {
    const users = this.users(channel);
    const known = users.has(userId);
    users.set(userId, UNTIL_PART);
    if (known) return undefined;
    this.counter?.enter(userId);
    return { kind: 'join', channel, userId, at, source: 'MEMBERSHIP' };
  }

  part(channel: string, userId: number, at: number): PresenceEvent | undefined {
    const users = this.channels.get(channel);
    if (users === undefined || !users.delete(userId)) return undefined;
    this.counter?.exit(userId);
    return { kind: 'leave', channel, userId, at, source: 'MEMBERSHIP' };
  }

  /** Ends every activity presence whose ttl ran out by `now`, dated at the expiry itself. */
  expire(now: number): PresenceEvent[] {
    const out: PresenceEvent[] = [];
    for (const [channel, users] of this.channels) {
      for (const [userId, until] of users) {
        if (until > now) continue;
        users.delete(userId);
        this.counter?.exit(userId);
        out.push({ kind: 'leave', channel, userId, at: until, source: 'ACTIVITY' });
      }
    }
    return out;
  }

  removeChannel(channel: string): void {
    const users = this.channels.get(channel);
    if (users === undefined) return;
    if (this.counter !== undefined) for (const id of users.keys()) this.counter.exit(id);
    this.channels.delete(channel);
  }

  private users(channel: string): Map<number, number> {
    let users = this.channels.get(channel);
    if (users === undefined) {
      users = new Map();
      this.channels.set(channel, users);
    }
    return users;
  }
}

/** Entry point for the event sources (chat activity, JOIN/PART). */
export function presenceEventsFromActivity(options: ActivityPresenceOptions = {}): ActivityPresence {
  return new ActivityPresence(options);
}
