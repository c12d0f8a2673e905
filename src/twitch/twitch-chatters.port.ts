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

/** Get Chatters needs a token of the broadcaster or of a moderator, with `moderator:read:chatters`. */
export abstract class TwitchChattersPort {
  /** The moderator token's Helix points per minute, as Twitch's last `Ratelimit-Limit` said. */
  abstract get pointsPerMinute(): number;

  /** Whether there is a moderator token that Twitch has not refused. */
  abstract get available(): boolean;

  /**
   * Changes whenever the moderator credentials change (a channel refused before may now be allowed) or
   * Twitch refuses the token (no channel may be read with it any more).
   */
  abstract get revision(): number;

  /**
   * @throws ChattersForbiddenError when the token's user does not moderate the channel.
   * @throws ModeratorTokenRefusedError when Twitch refuses the token itself (invalid, revoked, expired).
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
