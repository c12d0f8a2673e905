import type { PresenceCounter } from './bot-filter';
import { ChannelPresence } from './channel-presence';
import { hashLogin, loginHash } from './login-hash';
import type { PresenceEvent, SnapshotDiff } from './presence-event';
import type { UserInterner } from './user-interner';

export interface PresenceDifferOptions {
  /** Consecutive complete snapshots a user must be missing from before the leave counts. */
  leaveConfirmations?: number;
  /** Told about every user entering / leaving a channel's presence (e.g. the BotFilter). */
  counter?: PresenceCounter;
  /** Keep the channels whose presence changed, for checkpoints ({@link PresenceDiffer.takeChangedChannels}). */
  trackChanges?: boolean;
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
   * Present users. Keyed by the lower-case login's fingerprint on the login path, so an unchanged
   * viewer resolves in this small per-channel table and never touches the interner's global one.
   */
  present: ChannelPresence;
  /** Snapshots seen so far: the current one's number marks who it listed. */
  polls: number;
  /** Users of `present` missing from the latest complete snapshots: count and first-miss time. */
  missCount: Map<number, number>;
  missSince: Map<number, number>;
}

const imul = Math.imul;

function newDiff(channel: string, at: number): SnapshotDiff {
  return { channel, joined: [], joinedAt: at, left: [], leftAt: [] };
}

/** The id path's key: a spread hash of the id, and the id itself (so it is exact). */
function idHash(id: number): number {
  const h = imul(id ^ (id >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
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
  /** Reused between polls: [first, second, id] of the users a poll did not list. */
  private readonly missing: number[] = [];
  private readonly changed: Set<string> | null;

  constructor(options: PresenceDifferOptions = {}) {
    this.confirmations = options.leaveConfirmations ?? 1;
    if (!(this.confirmations >= 1)) throw new RangeError('leaveConfirmations must be ≥ 1');
    this.counter = options.counter;
    this.changed = options.trackChanges ? new Set() : null;
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
    const poll = ++state.polls;
    const sizeBefore = present.size;
    let distinct = 0;
    if (present.size === 0) present.reserve(users.length);

    for (let i = 0; i < users.length; i++) {
      const id = users[i];
      const first = idHash(id);
      let slot = present.find(first, id | 0);
      const isNew = slot < 0;
      if (isNew) slot = present.add(first, id | 0, id);
      if (!present.markSeen(slot, poll)) continue;
      distinct++;
      if (isNew) {
        counter?.enter(id);
        if (emitJoins) diff.joined.push(id);
      } else if (missCount.size > 0 && missCount.delete(id)) {
        missSince.delete(id);
      }
    }
    this.finish(state, options, at, poll, distinct, diff);
    // A channel's first list is stored even when empty: a restart must not take its next list as a baseline.
    this.noteChange(
      channel,
      poll === 1 || present.size !== sizeBefore || diff.left.length > 0 || diff.joined.length > 0,
    );
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
    const poll = ++state.polls;
    const sizeBefore = present.size;
    let distinct = 0;
    if (present.size === 0) present.reserve(logins.length);

    for (let i = 0; i < logins.length; i++) {
      // Case variants of one login hash alike, so they resolve to one slot.
      hashLogin(logins[i]);
      const { first, second } = loginHash;
      let slot = present.find(first, second);
      const isNew = slot < 0;
      if (isNew) slot = present.add(first, second, interner.internKey(loginHash.key, first));
      if (!present.markSeen(slot, poll)) continue;
      distinct++;
      const id = present.idAt(slot);
      if (isNew) {
        counter?.enter(id);
        if (emitJoins) diff.joined.push(id);
      } else if (missCount.size > 0 && missCount.delete(id)) {
        missSince.delete(id);
      }
    }
    this.finish(state, options, at, poll, distinct, diff);
    // A channel's first list is stored even when empty: a restart must not take its next list as a baseline.
    this.noteChange(
      channel,
      poll === 1 || present.size !== sizeBefore || diff.left.length > 0 || diff.joined.length > 0,
    );
    return diff;
  }

  /** Forgets a channel (no longer monitored); its users no longer count as present there. */
  removeChannel(channel: string): void {
    const state = this.channels.get(channel);
    if (state === undefined) return;
    if (this.counter !== undefined) for (const id of state.present.ids()) this.counter.exit(id);
    this.channels.delete(channel);
    this.noteChange(channel, true);
  }

  /** The channels whose presence changed since the last call; empty unless tracked. */
  takeChangedChannels(): string[] {
    if (this.changed === null || this.changed.size === 0) return [];
    const out = [...this.changed];
    this.changed.clear();
    return out;
  }

  /** Ids of the users present in the channel; undefined when the channel is not known. */
  presentIds(channel: string): number[] | undefined {
    return this.channels.get(channel)?.present.ids();
  }

  /**
   * Puts back a channel's presence from a checkpoint, as if a complete poll had listed these logins: no
   * events, and the next poll's differences are joins and leaves.
   */
  restoreLogins(channel: string, logins: readonly string[], interner: UserInterner): void {
    const state = this.stateOf(channel, true);
    const { present } = state;
    present.reserve(logins.length);
    for (const login of logins) {
      hashLogin(login);
      const { first, second } = loginHash;
      if (present.find(first, second) >= 0) continue;
      const slot = present.add(first, second, interner.internKey(loginHash.key, first));
      this.counter?.enter(present.idAt(slot));
    }
    state.baselined = true;
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
        present: new ChannelPresence(),
        polls: 0,
        missCount: new Map(),
        missSince: new Map(),
      };
      this.channels.set(channel, state);
    } else if (state.byLogin !== byLogin) {
      throw new Error(`channel ${channel} is fed by ${state.byLogin ? 'logins' : 'ids'}`);
    }
    return state;
  }

  private noteChange(channel: string, changed: boolean): void {
    if (changed && this.changed !== null) this.changed.add(channel);
  }

  private finish(
    state: ChannelState,
    options: SnapshotOptions,
    at: number,
    poll: number,
    distinct: number,
    diff: SnapshotDiff,
  ): void {
    if (options.complete === false) return;
    state.baselined = true;
    // Everyone present was seen (the common case between churn): nothing can have left.
    if (state.present.size > distinct) this.collectLeaves(state, at, poll, diff);
  }

  private collectLeaves(state: ChannelState, at: number, poll: number, diff: SnapshotDiff): void {
    const { present, missCount, missSince } = state;
    const needed = this.confirmations;
    const counter = this.counter;
    const missing = this.missing;
    missing.length = 0;
    present.unseen(poll, missing);
    for (let k = 0; k < missing.length; k += 3) {
      const id = missing[k + 2];
      const misses = (missCount.get(id) ?? 0) + 1;
      const since = misses === 1 ? at : (missSince.get(id) as number);
      if (misses >= needed) {
        present.remove(missing[k], missing[k + 1]);
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
  }
}

export interface ActivityPresenceOptions {
  /** A chatter counts as present until this long after their last message. */
  activityTtlMs?: number;
  counter?: PresenceCounter;
  /** Keep the channels whose presence changed, for checkpoints. */
  trackChanges?: boolean;
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
  private readonly changed: Set<string> | null;

  constructor(options: ActivityPresenceOptions = {}) {
    this.ttl = options.activityTtlMs ?? 600_000;
    this.counter = options.counter;
    this.changed = options.trackChanges ? new Set() : null;
  }

  /** A chat message; returns the join it implies, if the user was not present. */
  message(channel: string, userId: number, at: number): PresenceEvent | undefined {
    const users = this.users(channel);
    const until = users.get(userId);
    if (until === undefined) {
      users.set(userId, at + this.ttl);
      this.counter?.enter(userId);
      this.changed?.add(channel);
      return { kind: 'join', channel, userId, at, source: 'ACTIVITY' };
    }
    if (until !== UNTIL_PART && at + this.ttl > until) {
      users.set(userId, at + this.ttl);
      this.changed?.add(channel);
    }
    return undefined;
  }

  join(channel: string, userId: number, at: number): PresenceEvent | undefined {
    const users = this.users(channel);
    const known = users.has(userId);
    users.set(userId, UNTIL_PART);
    if (known) return undefined;
    this.counter?.enter(userId);
    this.changed?.add(channel);
    return { kind: 'join', channel, userId, at, source: 'MEMBERSHIP' };
  }

  part(channel: string, userId: number, at: number): PresenceEvent | undefined {
    const users = this.channels.get(channel);
    if (users === undefined || !users.delete(userId)) return undefined;
    this.counter?.exit(userId);
    this.changed?.add(channel);
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
        this.changed?.add(channel);
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
    this.changed?.add(channel);
  }

  /** The channels whose presence changed since the last call; empty unless tracked. */
  takeChangedChannels(): string[] {
    if (this.changed === null || this.changed.size === 0) return [];
    const out = [...this.changed];
    this.changed.clear();
    return out;
  }

  /** [user id, end of presence (null: until a PART)] of everyone present; undefined for an unknown channel. */
  members(channel: string): [userId: number, until: number | null][] | undefined {
    const users = this.channels.get(channel);
    if (users === undefined) return undefined;
    return [...users].map(([userId, until]) => [userId, until === UNTIL_PART ? null : until]);
  }

  /** Puts back a channel's presence from a checkpoint, without events. */
  restoreMembers(
    channel: string,
    members: readonly (readonly [userId: number, until: number | null])[],
  ): void {
    const users = this.users(channel);
    for (const [userId, until] of members) {
      if (!users.has(userId)) this.counter?.enter(userId);
      users.set(userId, until ?? UNTIL_PART);
    }
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
