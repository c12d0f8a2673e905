import type { PresenceCounter } from './bot-filter';
import type { PresenceEvent } from './presence-event';

export interface ChatEventPresenceOptions {
  /** A chatter counts as present until this long after their last message. */
  activityTtlMs?: number;
  counter?: PresenceCounter;
  /** Keep the channels whose presence changed, for checkpoints. */
  trackChanges?: boolean;
}

/** Membership (JOIN) presence does not expire by itself; only a PART ends it. */
const UNTIL_PART = Number.POSITIVE_INFINITY;

/**
 * Presence from chat events, the two sources that report changes rather than lists: chat messages
 * (ACTIVITY) and IRC JOIN/PART (MEMBERSHIP), one per channel.
 * A chatter is present from their message until `activityTtlMs` after their last one; the leave is
 * dated at that expiry and emitted when the caller's {@link expire} reaches it. JOIN/PART pass
 * through, de-duplicated: a JOIN of a present user or a PART of an absent one changes nothing.
 */
export class ChatEventPresence {
  private readonly ttl: number;
  private readonly counter: PresenceCounter | undefined;
  /** Per channel: user id → time their presence ends (last message + ttl, or UNTIL_PART). */
  private readonly channels = new Map<string, Map<number, number>>();
  private readonly changed: Set<string> | null;

  constructor(options: ChatEventPresenceOptions = {}) {
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
