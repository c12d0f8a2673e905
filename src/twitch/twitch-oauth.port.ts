export interface TwitchUserProfile {
  id: string;
  login: string;
  displayName: string;
  profileImageUrl: string | null;
  /** Only when the user granted `user:read:email`. */
  email: string | null;
}

/** Twitch's OAuth authorization-code flow, seen from the service that users log in to. */
export abstract class TwitchOAuthPort {
  abstract authorizeUrl(request: { redirectUri: string; scopes: string[]; state: string }): string;

  /**
   * Exchanges a one-time code, validates the token it yields, reads the user, and revokes the token:
   * the service keeps no Twitch token of a user after login.
   */
  abstract completeLogin(code: string, redirectUri: string): Promise<TwitchUserProfile>;
}

export class TwitchLoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TwitchLoginError';
  }
}
