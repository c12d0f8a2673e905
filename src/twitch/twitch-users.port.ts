/** A Twitch account, as Helix's Get Users names it. */
export interface TwitchUser {
  id: string;
  login: string;
  displayName: string;
}

/** Helix's Get Users by login, with the app token; a call that fails rejects with a TwitchRequestError. */
export abstract class TwitchUsersPort {
  /** The account with this login, or null when Twitch has none (or hides a suspended one). */
  abstract findByLogin(login: string): Promise<TwitchUser | null>;
}
