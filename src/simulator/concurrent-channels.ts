import type { ModeratorRegistry } from './chat-moderators';

/** Twitch's concurrent join limit (June 2024, verified bots included): channels one chat user is in at once. */
export const CONCURRENT_CHANNEL_LIMIT = 100;

/**
 * The channels each chat user is in now, across all their IRC connections and EventSub chat
 * subscriptions, for Twitch's concurrent join limit. Channels the user moderates (or owns) do not count.
 * An anonymous `justinfanNNNN` connection is a user of its own: Twitch cannot tie anonymous connections
 * to an account, so the simulator limits each one like a user (an assumption; Twitch documents only
 * authenticated users).
 */
export class ConcurrentChannels {
  /** login → channel login → what holds the user there (IRC sessions, EventSub subscriptions). */
  private readonly byUser = new Map<string, Map<string, Set<object>>>();

  constructor(
    private readonly moderators: ModeratorRegistry,
    private readonly limit = CONCURRENT_CHANNEL_LIMIT,
  ) {}

  /** Every channel the user is in now, counted or not. */
  channelsOf(login: string): string[] {
    return [...(this.byUser.get(login.toLowerCase())?.keys() ?? [])];
  }

  /** The user's channels that count against the limit (moderator status is read now: it can change). */
  counted(login: string): number {
    let count = 0;
    for (const channel of this.byUser.get(login)?.keys() ?? []) {
      if (!this.moderators.moderates(login, channel)) count++;
    }
    return count;
  }

  /**
   * Puts `login` in `channel` on behalf of `holder`; false, changing nothing, when that would take the
   * user over the limit. Being in a channel already (through another holder) takes no new place.
   */
  enter(login: string, channel: string, holder: object): boolean {
    let channels = this.byUser.get(login);
    const holders = channels?.get(channel);
    if (!holders) {
      if (!this.moderators.moderates(login, channel) && this.counted(login) >= this.limit) return false;
      if (!channels) this.byUser.set(login, (channels = new Map()));
      channels.set(channel, new Set([holder]));
    } else {
      holders.add(holder);
    }
    return true;
  }

  leave(login: string, channel: string, holder: object): void {
    const channels = this.byUser.get(login);
    const holders = channels?.get(channel);
    if (!channels || !holders?.delete(holder) || holders.size > 0) return;
    channels.delete(channel);
    if (channels.size === 0) this.byUser.delete(login);
  }
}
