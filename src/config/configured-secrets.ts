import { EnvReader } from './env-reader';

/** The password of a connection URL (`scheme://user:password@host`), as written and decoded. */
function urlPassword(url: string | undefined): string[] {
  const password = url && /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:([^@/]*)@/i.exec(url)?.[1];
  if (!password) return [];
  try {
    const decoded = decodeURIComponent(password);
    return decoded === password ? [password] : [password, decoded];
  } catch {
    return [password];
  }
}

/**
 * The configured values that must never be written to a log: the Twitch client secret, the JWT secret,
 * the moderator and reader tokens and the passwords inside the store URLs. Read without validating (the namespaces
 * do that), so that even a start-up that fails on a bad setting logs through the redaction.
 */
export function configuredSecrets(env = new EnvReader()): string[] {
  return [
    env.optionalString('TWITCH_CLIENT_SECRET'),
    env.optionalString('JWT_SECRET'),
    ...env.list('TWITCH_MODERATOR_TOKEN', { caseSensitive: true }),
    ...env.list('TWITCH_READER_TOKENS', { caseSensitive: true }),
    ...['DATABASE_URL', 'REDIS_URL', 'MONGODB_URI'].flatMap((name) => urlPassword(env.optionalString(name))),
  ].filter((value): value is string => value !== undefined);
}
