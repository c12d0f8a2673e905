import { type AuthProvider, getTokenInfo, RefreshingAuthProvider, StaticAuthProvider } from '@twurple/auth';
import type { ModeratorGrant } from './moderator-credentials';

export interface UserAuth {
  authProvider: AuthProvider;
  userId: string;
  login: string;
  scopes: string[];
}

/**
 * A @twurple auth provider for the user of a moderator grant: refreshing when the grant has a refresh
 * token (the access token is renewed when Twitch refuses it), static otherwise. `intents` name what the
 * token is for (`chat` for the chat connection).
 */
export async function userAuthFor(
  client: { clientId: string; clientSecret: string },
  grant: ModeratorGrant,
  intents: string[] = [],
): Promise<UserAuth> {
  const { clientId, clientSecret } = client;
  const info = await getTokenInfo(grant.accessToken, clientId);
  if (!info.userId || !info.userName) {
    throw new Error(`The moderator token of ${grant.origin} is not a user token`);
  }
  let authProvider: AuthProvider;
  if (grant.refreshToken) {
    const refreshing = new RefreshingAuthProvider({ clientId, clientSecret });
    await refreshing.addUserForToken(
      {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        scope: info.scopes,
        expiresIn: info.expiryDate
          ? Math.max(0, Math.floor((info.expiryDate.getTime() - Date.now()) / 1000))
          : null,
        obtainmentTimestamp: Date.now(),
      },
      intents,
    );
    authProvider = refreshing;
  } else {
    authProvider = new StaticAuthProvider(clientId, grant.accessToken, info.scopes);
  }
  return { authProvider, userId: info.userId, login: info.userName, scopes: info.scopes };
}
