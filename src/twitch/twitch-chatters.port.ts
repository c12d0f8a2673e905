/** One poll of a channel's chatters list (Helix Get Chatters), all pages joined. */
export interface ChattersPoll {
  logins: string[];
  total: number;
  /**
   * False when the pages did not add up to `total` (users moved while we paged): such a poll proves who was
   * present but not who was absent, so the tracker takes no leaves from it.
   */
  complete: boolean;
}

/** Twitch's Helix budget of a user token (`Ratelimit-Limit`), until a response has said otherwise. */
export const DEFAULT_HELIX_POINTS_PER_MINUTE = 800;

/**
 * Get Chatters needs a token of the broadcaster or of a moderator, with `moderator:read:chatters`. There may
 * be several moderator tokens: each channel is read with one whose user moderates it.
 */
export abstract class TwitchChattersPort {
  /**
   * Each usable moderator token's Helix points per minute (Twitch's last `Ratelimit-Limit` for it), by a key
   * naming the token (never the token itself).
   */
  abstract get budgets(): ReadonlyMap<string, number>;

  /** The key of the token that read the channel last, or null before a token has read it. */
  abstract moderatorFor(broadcasterId: string): string | null;

  /** Whether there is a moderator token that Twitch has not refused. */
  abstract get available(): boolean;

  /**
   * Changes whenever the moderator credentials change (a channel refused before may now be allowed) or
   * Twitch refuses the token (no channel may be read with it any more).
   */
  abstract get revision(): number;

  /**
   * Reads the list with the channel's token, or tries the tokens in turn until one is let in.
   * @throws ChattersForbiddenError when no token's user moderates the channel.
   * @throws ModeratorTokenRefusedError when Twitch refuses the last usable token itself (invalid, revoked,
   * expired).
   */
  abstract poll(broadcasterId: string): Promise<ChattersPoll>;
}

export class ChattersForbiddenError extends Error {
  constructor(broadcasterId: string) {
    super(`The moderator token may not read the chatters of broadcaster ${broadcasterId}`);
    this.name = 'ChattersForbiddenError';
  }
}

export class ModeratorTokenRefusedError extends Error {
  /** In words safe for logs and /health: never the token. */
  constructor(readonly reason: string) {
    super(`Twitch refused the moderator token: ${reason}`);
    this.name = 'ModeratorTokenRefusedError';
  }
}
