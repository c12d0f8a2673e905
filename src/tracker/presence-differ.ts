import type { PresenceCounter } from './bot-filter';
import { ChannelPresence } from './channel-presence';
import { hashLogin, loginHash } from './login-hash';
import type { SnapshotDiff } from './presence-event';
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
  /**
   * Present users. Keyed by the lower-case login's fingerprint, so an unchanged viewer resolves in
   * this small per-channel table and never touches the interner's global one.
   */
  present: ChannelPresence;
  /** Snapshots seen so far: the current one's number marks who it listed. */
  polls: number;
  /** Users of `present` missing from the latest complete snapshots: count and first-miss time. */
  missCount: Map<number, number>;
  missSince: Map<number, number>;
  /** The earliest of `missSince` (+Infinity when empty). */
  oldestMiss: number;
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

  /**
   * Diffs one full snapshot of logins (duplicates and case variants tolerated) taken at `at`, interning
   * only the logins not already present in the channel.
   */
  snapshotLogins(
    channel: string,
    logins: readonly string[],
    interner: UserInterner,
    at: number,
    options: SnapshotOptions = {},
  ): SnapshotDiff {
    const diff: SnapshotDiff = { channel, joined: [], joinedAt: at, left: [], leftAt: [] };
    const state = this.stateOf(channel);
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
    if (missSince.size > 0 || state.oldestMiss !== Number.POSITIVE_INFINITY) {
      let oldest = Number.POSITIVE_INFINITY;
      for (const since of missSince.values()) if (since < oldest) oldest = since;
      state.oldestMiss = oldest;
    }
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
    const state = this.stateOf(channel);
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

  /**
   * The earliest time a leave not emitted yet can still be dated at: the first miss of an absence that
   * further polls may confirm (+Infinity when none waits, as always with one confirmation). Every other
   * leave or join is dated at a poll still to come.
   */
  oldestPendingMiss(): number {
    let oldest = Number.POSITIVE_INFINITY;
    if (this.confirmations === 1) return oldest;
    for (const state of this.channels.values()) if (state.oldestMiss < oldest) oldest = state.oldestMiss;
    return oldest;
  }

  /** Users currently considered present (including those with an unconfirmed absence). */
  presentCount(channel: string): number {
    return this.channels.get(channel)?.present.size ?? 0;
  }

  private stateOf(channel: string): ChannelState {
    let state = this.channels.get(channel);
    if (state === undefined) {
      state = {
        baselined: false,
        present: new ChannelPresence(),
        polls: 0,
        missCount: new Map(),
        missSince: new Map(),
        oldestMiss: Number.POSITIVE_INFINITY,
      };
      this.channels.set(channel, state);
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
