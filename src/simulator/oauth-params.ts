import { ClientRegistry } from './auth-tokens';
import { HttpReply, oauthError, RequestContext } from './http-router';

/** Twitch reads OAuth parameters from the query string (as @twurple sends them) or a form body. */
export async function oauthParams(context: RequestContext): Promise<URLSearchParams> {
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

/** The client id when `client_id` and `client_secret` are right, else Twitch's error reply. */
export function authenticateClient(params: URLSearchParams, clients: ClientRegistry): string | HttpReply {
  const clientId = params.get('client_id') ?? '';
  if (!clientId) return oauthError(400, 'missing client id');
  const check = clients.check(clientId, params.get('client_secret') ?? '');
  if (check === 'unknown-client') return oauthError(400, 'invalid client');
  if (check === 'bad-secret') return oauthError(400, 'invalid client secret');
  return clientId;
}
