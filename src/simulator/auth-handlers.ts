import { ClientRegistry, TokenStore } from './auth-tokens';
import { HttpReply, HttpRouter, json, oauthError, RequestContext } from './http-router';

export interface AuthDependencies {
  clients: ClientRegistry;
  tokens: TokenStore;
  appTokenTtlSeconds: number;
}

/** One per OAuth grant type; `authorization_code` and `refresh_token` join this map with the consent page. */
type GrantHandler = (params: URLSearchParams) => HttpReply;

/** `/auth/token`, `/auth/validate`, `/auth/revoke`: Twitch's id.twitch.tv/oauth2 as @twurple calls it. */
export function registerAuthRoutes(router: HttpRouter, deps: AuthDependencies): void {
  const grants = new Map<string, GrantHandler>([
    ['client_credentials', (params) => clientCredentials(params, deps)],
  ]);

  router.add('POST', '/auth/token', async (context) => {
    const params = await oauthParams(context);
    const grantType = params.get('grant_type');
    if (!grantType) return oauthError(400, 'missing grant_type');
    const grant = grants.get(grantType);
    return grant ? grant(params) : oauthError(400, 'unsupported_grant_type');
  });

  router.add('GET', '/auth/validate', (context) => {
    const accessToken = /^(?:OAuth|Bearer)\s+(\S+)$/i.exec(context.headers.authorization ?? '')?.[1];
    if (!accessToken) return oauthError(401, 'missing authorization token');
    const token = deps.tokens.find(accessToken);
    if (!token) return oauthError(401, 'invalid access token');
    return json(200, {
      client_id: token.clientId,
      ...(token.userId ? { login: token.login, user_id: token.userId } : {}),
      scopes: token.scopes,
      expires_in: deps.tokens.expiresInSeconds(token),
    });
  });

  router.add('POST', '/auth/revoke', async (context) => {
    const params = await oauthParams(context);
    const clientId = params.get('client_id');
    const accessToken = params.get('token');
    if (!clientId) return oauthError(400, 'missing client_id');
    if (!accessToken) return oauthError(400, 'missing token');
    if (!deps.clients.has(clientId)) return oauthError(404, 'client does not exist');
    const token = deps.tokens.find(accessToken);
    if (!token) return oauthError(400, 'Invalid token');
    if (token.clientId !== clientId) {
      return oauthError(403, 'the client_id provided does not match the token');
    }
    deps.tokens.revoke(accessToken);
    return { status: 200 };
  });
}

function clientCredentials(params: URLSearchParams, deps: AuthDependencies): HttpReply {
  const clientId = params.get('client_id') ?? '';
  if (!clientId) return oauthError(400, 'missing client id');
  const check = deps.clients.check(clientId, params.get('client_secret') ?? '');
  if (check === 'unknown-client') return oauthError(400, 'invalid client');
  if (check === 'bad-secret') return oauthError(400, 'invalid client secret');
  // App tokens carry no scopes on Twitch, whatever `scope` asked for.
  const token = deps.tokens.issue({ clientId, scopes: [] }, deps.appTokenTtlSeconds);
  return json(200, {
    access_token: token.accessToken,
    expires_in: deps.tokens.expiresInSeconds(token),
    token_type: 'bearer',
  });
}

/** Twitch reads OAuth parameters from the query string (as @twurple sends them) or a form body. */
async function oauthParams(context: RequestContext): Promise<URLSearchParams> {
  const params = new URLSearchParams(context.query);
  const type = context.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('application/json')) {
    return params;
  }
  const raw = await context.body();
  const fields = type.startsWith('application/json') ? jsonFields(raw) : new URLSearchParams(raw);
  for (const [name, value] of fields) if (!params.has(name)) params.set(name, value);
  return params;
}

function jsonFields(raw: string): [string, string][] {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return [];
    return Object.entries(parsed).map(([name, value]) => [name, String(value)]);
  } catch {
    return [];
  }
}
