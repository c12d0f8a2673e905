/**
 * The policy of every page the service serves: scripts, styles, images and connections from its own origin
 * only (`'self'` covers the same host's ws:/wss: for the subscription), no inline script or style, nothing
 * framed, no plugins, no <base> rewriting. Styles a script sets through the CSSOM (React's `style`, sigma's
 * canvases) are not inline styles and still work.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Headers of every dashboard answer (pages and assets). */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
