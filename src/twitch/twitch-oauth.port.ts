export interface TwitchUserProfile {
  id: string;
  login: string;
  displayName: string;
  profileImageUrl: string | null;
  /** Only when the user granted `user:read:email`. */
  email: string | null;
}

/** Twitch tokens of a user that the service keeps (an administrator's moderator grant). */
export interface KeptTwitchGrant {
  accessToken: string;
  refreshToken?: string;
  scopes: string[];
}

export interface CompletedLogin {
  profile: TwitchUserProfile;
  /** Set only when `keepGrant` asked for the tokens to be kept; otherwise they were revoked. */
  grant?: KeptTwitchGrant;
}

/** Twitch's OAuth authorization-code flow, seen from the service that users log in to. */
export abstract class TwitchOAuthPort {
  abstract authorizeUrl(request: { redirectUri: string; scopes: string[]; state: string }): string;

  /**
   * Exchanges a one-time code, validates the token it yields, reads the user, and revokes the token —
   * unless `keepGrant` says this user's grant is wanted (then it is returned, not revoked).
   */
  abstract completeLogin(
    code: string,
    redirectUri: string,
    keepGrant?: (profile: TwitchUserProfile, scopes: readonly string[]) => boolean,
  ): Promise<CompletedLogin>;
}

/** A login Twitch refused (a bad or used code, a token for another app) or could not complete; the message is for the user. */
export class TwitchLoginError extends Error {
  constructor(
    message: string,
    readonly reason: 'refused' | 'unavailable' = 'refused',
  ) {
    super(message);
    this.name = 'TwitchLoginError';
  }
}
