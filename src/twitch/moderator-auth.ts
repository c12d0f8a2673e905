import {
  type AccessToken,
  type AuthProvider,
  getTokenInfo,
  InvalidTokenError,
  RefreshingAuthProvider,
  refreshUserToken,
  StaticAuthProvider,
  type TokenInfo,
} from '@twurple/auth';
import { HttpStatusCodeError } from '@twurple/api-call';
import type { ModeratorGrant } from './moderator-credentials';
import { ModeratorTokenRefusedError } from './twitch-chatters.port';

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
 * @throws ModeratorTokenRefusedError when Twitch refuses the token (and its refresh token, if any) or it
 * belongs to no user; other failures (network, 5xx) say nothing about the token and pass unchanged.
 */
export async function userAuthFor(
  client: { clientId: string; clientSecret: string },
  grant: ModeratorGrant,
  intents: string[] = [],
): Promise<UserAuth> {
  const { clientId, clientSecret } = client;
  const { token, info } = await validatedToken(client, grant);
  if (!info.userId || !info.userName) {
    throw new ModeratorTokenRefusedError('it is not a user token');
  }
  let authProvider: AuthProvider;
  if (token.refreshToken) {
    const refreshing = new RefreshingAuthProvider({ clientId, clientSecret });
    await refreshing.addUserForToken({ ...token, scope: info.scopes }, intents);
    authProvider = refreshing;
  } else {
    authProvider = new StaticAuthProvider(clientId, token.accessToken, info.scopes);
  }
  return { authProvider, userId: info.userId, login: info.userName, scopes: info.scopes };
}

/** The grant's token as Twitch validates it; an expired one is refreshed first when it can be. */
async function validatedToken(
  client: { clientId: string; clientSecret: string },
  grant: ModeratorGrant,
): Promise<{ token: AccessToken; info: TokenInfo }> {
  try {
    const info = await getTokenInfo(grant.accessToken, client.clientId);
    const token: AccessToken = {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken ?? null,
      scope: info.scopes,
      expiresIn: info.expiryDate
        ? Math.max(0, Math.floor((info.expiryDate.getTime() - Date.now()) / 1000))
        : null,
      obtainmentTimestamp: Date.now(),
    };
    return { token, info };
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    if (!grant.refreshToken) {
      throw new ModeratorTokenRefusedError('the token validation answered 401: invalid, revoked or expired');
    }
  }
  try {
    const token = await refreshUserToken(client.clientId, client.clientSecret, grant.refreshToken);
    return { token, info: await getTokenInfo(token.accessToken, client.clientId) };
  } catch (error) {
    // Twitch answers 400 to a refresh token it does not know, 401 to a refreshed token it refuses.
    const refused =
      error instanceof InvalidTokenError ||
      (error instanceof HttpStatusCodeError && (error.statusCode === 400 || error.statusCode === 401));
    if (refused) {
      throw new ModeratorTokenRefusedError(
        'the token and its refresh token were refused: the grant is revoked',
      );
    }
    throw error;
  }
}
