import { HttpRouter, json, oauthError } from './http-router';
import { authorize, AuthorizeDependencies } from './oauth-authorize-handler';
import { GrantDependencies, grantHandlers } from './oauth-grants';
import { oauthParams } from './oauth-params';

export type AuthDependencies = GrantDependencies & AuthorizeDependencies;

/** `/auth/authorize`, `/auth/token`, `/auth/validate`, `/auth/revoke`: id.twitch.tv/oauth2 as @twurple calls it. */
export function registerAuthRoutes(router: HttpRouter, deps: AuthDependencies): void {
  const grants = grantHandlers(deps);

  router.add('GET', '/auth/authorize', (context) => authorize(context.query, deps));

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
