import { ClientRegistry, TokenStore, UserTokens } from './auth-tokens';
import { HttpReply, json, oauthError } from './http-router';
import { AuthorizationCodeStore } from './oauth-codes';
import { authenticateClient } from './oauth-params';

export interface GrantDependencies {
  clients: ClientRegistry;
  tokens: TokenStore;
  codes: AuthorizationCodeStore;
  appTokenTtlSeconds: number;
  userTokenTtlSeconds: number;
}

/** One per OAuth grant type of `POST /auth/token`. */
export type GrantHandler = (params: URLSearchParams) => HttpReply;

const INVALID_CODE = 'Invalid authorization code';
const INVALID_REFRESH_TOKEN = 'Invalid refresh token';

export function grantHandlers(deps: GrantDependencies): Map<string, GrantHandler> {
  return new Map<string, GrantHandler>([
    ['client_credentials', (params) => clientCredentials(params, deps)],
    ['authorization_code', (params) => authorizationCode(params, deps)],
    ['refresh_token', (params) => refreshToken(params, deps)],
  ]);
}

function clientCredentials(params: URLSearchParams, deps: GrantDependencies): HttpReply {
  const clientId = authenticateClient(params, deps.clients);
  if (typeof clientId !== 'string') return clientId;
  // App tokens carry no scopes on Twitch, whatever `scope` asked for.
  const token = deps.tokens.issue({ clientId, scopes: [] }, deps.appTokenTtlSeconds);
  return json(200, {
    access_token: token.accessToken,
    expires_in: deps.tokens.expiresInSeconds(token),
    token_type: 'bearer',
  });
}

function authorizationCode(params: URLSearchParams, deps: GrantDependencies): HttpReply {
  const clientId = authenticateClient(params, deps.clients);
  if (typeof clientId !== 'string') return clientId;
  const code = params.get('code');
  if (!code) return oauthError(400, 'missing code');
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return oauthError(400, 'missing redirect_uri');

  const redemption = deps.codes.redeem(code, clientId, redirectUri);
  switch (redemption.kind) {
    case 'ok': {
      const { userId, login, scopes } = redemption.grant;
      const grant = { clientId, userId, login, scopes, grantId: redemption.grantId };
      return userTokenReply(deps.tokens.issueUserTokens(grant, deps.userTokenTtlSeconds), deps.tokens);
    }
    case 'replayed':
      // A replayed code may be stolen: what it gave the first time is no longer to be trusted.
      deps.tokens.revokeGrant(redemption.grantId);
      return oauthError(400, INVALID_CODE);
    case 'wrong-redirect':
      return oauthError(400, 'Parameter redirect_uri does not match registered URI');
    default:
      return oauthError(400, INVALID_CODE);
  }
}

/** Rotates: the refresh token used stops working, the access tokens already issued keep theirs. */
function refreshToken(params: URLSearchParams, deps: GrantDependencies): HttpReply {
  const clientId = authenticateClient(params, deps.clients);
  if (typeof clientId !== 'string') return clientId;
  const token = params.get('refresh_token');
  if (!token) return oauthError(400, 'missing refresh token');
  const grant = deps.tokens.findRefresh(token);
  const rotated =
    grant?.clientId === clientId ? deps.tokens.rotate(token, deps.userTokenTtlSeconds) : undefined;
  return rotated ? userTokenReply(rotated, deps.tokens) : oauthError(400, INVALID_REFRESH_TOKEN);
}

function userTokenReply({ access, refreshToken }: UserTokens, tokens: TokenStore): HttpReply {
  return json(200, {
    access_token: access.accessToken,
    expires_in: tokens.expiresInSeconds(access),
    refresh_token: refreshToken,
    scope: [...access.scopes],
    token_type: 'bearer',
  });
}
