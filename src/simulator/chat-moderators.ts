/** Moderates every channel: a key of `ModeratorRegistry` meaning "all channels". */
export const EVERY_CHANNEL = '*';

/** Who moderates which channel (by login); `simmod` moderates every channel unless removed. */
export class ModeratorRegistry {
  private readonly byChannel = new Map<string, Set<string>>([[EVERY_CHANNEL, new Set(['simmod'])]]);

  set(login: string, channel: string, moderator = true): void {
    const key = channel.toLowerCase();
    let logins = this.byChannel.get(key);
    if (!logins) this.byChannel.set(key, (logins = new Set()));
    if (moderator) logins.add(login.toLowerCase());
    else logins.delete(login.toLowerCase());
  }

  /** Whether `login` moderates every channel (as `simmod` does unless removed). */
  moderatesEverything(login: string): boolean {
    return Boolean(this.byChannel.get(EVERY_CHANNEL)?.has(login.toLowerCase()));
  }

  /** The channels `login` was made a moderator of one by one (not their own, not EVERY_CHANNEL). */
  channelsOf(login: string): string[] {
    const user = login.toLowerCase();
    const channels: string[] = [];
    for (const [channel, logins] of this.byChannel) {
      if (channel !== EVERY_CHANNEL && logins.has(user)) channels.push(channel);
    }
    return channels;
  }

  /** The broadcaster counts as a moderator of their own channel, as for Get Chatters. */
  moderates(login: string, channel: string): boolean {
    const user = login.toLowerCase();
    const key = channel.toLowerCase();
    if (user === key) return true;
    return Boolean(this.byChannel.get(EVERY_CHANNEL)?.has(user) || this.byChannel.get(key)?.has(user));
  }
}
