export const REDACTED = '[REDACTED]';

/**
 * Shorter configured values are left to the patterns: redacting every occurrence of a 4-letter password
 * would mangle ordinary words in the log.
 */
const MIN_SECRET_LENGTH = 6;

const CREDENTIAL_NAMES = 'client_secret|access_token|refresh_token|id_token|token|password';

/** What a line may carry that must never be written out, whatever the configured values are. */
const PATTERNS: readonly [RegExp, string][] = [
  // URL queries and form bodies: @twurple's token URL carries `client_secret=` and `code=`, its revoke URL `token=`.
  [new RegExp(`(^|[?&\\s])(${CREDENTIAL_NAMES}|code)=[^&\\s"'#]+`, 'gi'), `$1$2=${REDACTED}`],
  // JSON bodies: Twitch's token answers and anything that echoes them (not `code`: GraphQL error codes).
  [new RegExp(`("(?:${CREDENTIAL_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  // Authorization headers in any layout (`Authorization: Bearer x`, `{"authorization":"OAuth x"}`)...
  [/(authorization["']?\s*[:=]\s*["']?[A-Za-z]+\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
  // ...and a scheme followed by something token-like (with a digit, so that prose such as "OAuth flow" stays).
  [/\b(Bearer|OAuth)(\s+)(?=[^\s"',;]*\d)[^\s"',;]{8,}/g, `$1$2${REDACTED}`],
  // Chat's `PASS oauth:<token>`.
  [/\boauth:[^\s"',;]+/gi, `oauth:${REDACTED}`],
  // Passwords inside connection URLs (postgres://user:password@host), even when the URL is not valid.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s@/]+@/gi, `$1${REDACTED}@`],
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes credentials from text meant for a log: the configured secret values themselves (as they are,
 * URL-encoded and base64url-encoded) and anything shaped like a credential. The one redaction of the
 * service: every log line passes through it (`RedactingLogger`).
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const values = [
    ...new Set(
      secrets
        .filter((secret): secret is string => !!secret && secret.length >= MIN_SECRET_LENGTH)
        .flatMap((secret) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64url')]),
    ),
  ].sort((a, b) => b.length - a.length);
  const exact = values.length ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : null;
  return (text) => {
    let result = exact ? text.replace(exact, REDACTED) : text;
    for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
    return result;
  };
}
