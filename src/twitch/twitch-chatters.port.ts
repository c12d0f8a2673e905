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

/** Get Chatters needs a token of the broadcaster or of a moderator, with `moderator:read:chatters`. */
export abstract class TwitchChattersPort {
  /** Whether there is a moderator token at all. */
  abstract get available(): boolean;

  /** Changes whenever the moderator credentials change (a channel refused before may now be allowed). */
  abstract get revision(): number;

  /** @throws ChattersForbiddenError when the token's user does not moderate the channel. */
  abstract poll(broadcasterId: string): Promise<ChattersPoll>;
}

export class ChattersForbiddenError extends Error {
  constructor(broadcasterId: string) {
    super(`The moderator token may not read the chatters of broadcaster ${broadcasterId}`);
    this.name = 'ChattersForbiddenError';
  }
}
