const LOOPBACK_IPV4 = /^127(?:\.\d{1,3}){3}$/;

/** An absolute http(s) URL without a fragment, as OAuth 2 requires of redirect URIs; undefined otherwise. */
export function parseRedirectUri(raw: string): URL | undefined {
  if (raw.includes('#')) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** Local development callbacks, which a client registered without redirect URIs may use. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || LOOPBACK_IPV4.test(host);
}

/** `redirect_uri` with `params` added to its query, keeping the query it already has. */
export function withParams(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}
