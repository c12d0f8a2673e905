import { ClientRegistry } from './auth-tokens';
import { HttpReply, oauthError } from './http-router';
import { AuthorizationCodeStore } from './oauth-codes';
import { ConsentSwitch } from './oauth-consent';
import { withParams } from './oauth-redirects';
import { parseScopes } from './oauth-scopes';

export interface AuthorizeDependencies {
  clients: ClientRegistry;
  codes: AuthorizationCodeStore;
  consent: ConsentSwitch;
}

/**
 * `GET /auth/authorize`, Twitch's consent page, approving (or denying) at once as the consent switch says.
 * Like Twitch it never redirects to a URI it has not validated: a bad client or redirect URI gets a 400;
 * every later problem goes back to the client as an OAuth 2 error redirect. `force_verify` is accepted
 * and changes nothing, since there is no page to show again.
 */
export function authorize(query: URLSearchParams, deps: AuthorizeDependencies): HttpReply {
  const clientId = query.get('client_id');
  if (!clientId) return oauthError(400, 'missing client_id');
  if (!deps.clients.has(clientId)) return oauthError(400, 'invalid client');
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri) return oauthError(400, 'missing redirect_uri');
  if (!deps.clients.allowsRedirect(clientId, redirectUri)) {
    return oauthError(400, 'Parameter redirect_uri does not match registered URI');
  }

  const state = query.get('state') ?? undefined;
  const fail = (error: string, description: string): HttpReply =>
    found(withParams(redirectUri, { error, error_description: description, state }));
  const responseType = query.get('response_type');
  if (!responseType) return fail('invalid_request', 'Missing response_type parameter');
  if (responseType !== 'code') {
    return fail('unsupported_response_type', `Unsupported response_type: ${responseType}`);
  }
  const requested = parseScopes(query.get('scope'));
  if ('unknown' in requested) return fail('invalid_scope', `Invalid scope: ${requested.unknown}`);

  const user = deps.consent.decide();
  if (!user) return fail('access_denied', 'The user denied you access');
  const { scopes } = requested;
  const code = deps.codes.issue({ clientId, redirectUri, userId: user.id, login: user.login, scopes });
  return found(withParams(redirectUri, { code, scope: scopes.join(' '), state }));
}

function found(location: string): HttpReply {
  return { status: 302, headers: { Location: location } };
}
