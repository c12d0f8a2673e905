/**
 * Whether `origin` (an `Origin` header) names the service itself, reached at `host` (the request's `Host`
 * header): same host and port, over http or https (a proxy in front may end TLS). A Host without a port
 * was reached on the default port of the origin's scheme. `null` and anything unparsable are not.
 */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  // A Host header is `name[:port]`; anything more is not taken apart by URL parsing.
  if (!host || !/^[^/?#@\\\s]+$/.test(host)) return false;
  try {
    const from = new URL(origin);
    if (from.protocol !== 'http:' && from.protocol !== 'https:') return false;
    const to = new URL(`${from.protocol}//${host}`);
    return from.host === to.host;
  } catch {
    return false;
  }
}

/**
 * Whether a browser page of `origin` may use the API: no `Origin` at all (not a browser, or not a
 * cross-site request), the service's own, or one of CORS_ORIGINS (stored as browsers write them).
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  listed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  return listed.includes(origin.toLowerCase()) || isSameOrigin(origin, host);
}
