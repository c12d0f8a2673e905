import { randomBytes } from 'node:crypto';
import { registerAs } from '@nestjs/config';
import { ConfigValidationError, EnvReader } from './env-reader';

export interface AuthConfig {
  jwtSecret: string;
  /** True when no JWT_SECRET was set and one was generated for this run (embedded default only). */
  jwtSecretGenerated: boolean;
  jwtTtlSeconds: number;
  jwtIssuer: string;
  jwtAudience: string;
  adminLogins: string[];
  scopes: string[];
  successRedirect?: string;
  stateTtlMs: number;
}

const MIN_SECRET_LENGTH = 32;

export const authConfig = registerAs('auth', (): AuthConfig => {
  const env = new EnvReader();
  const embedded = !env.optionalString('TWITCH_CLIENT_ID');
  const configured = env.optionalString('JWT_SECRET');
  if (configured !== undefined && configured.length < MIN_SECRET_LENGTH) {
    throw new ConfigValidationError('JWT_SECRET', `at least ${MIN_SECRET_LENGTH} characters`, '(too short)');
  }
  if (configured === undefined && !embedded) {
    throw new ConfigValidationError('JWT_SECRET', 'a secret of at least 32 characters with real Twitch', '');
  }
  const successRedirect = env.optionalString('AUTH_SUCCESS_REDIRECT');
  if (successRedirect !== undefined && !/^https?:\/\//.test(successRedirect)) {
    throw new ConfigValidationError('AUTH_SUCCESS_REDIRECT', 'an http(s) URL', successRedirect);
  }
  return {
    jwtSecret: configured ?? randomBytes(48).toString('base64url'),
    jwtSecretGenerated: configured === undefined,
    jwtTtlSeconds: 3600,
    jwtIssuer: 'twitch-migration-tracker',
    jwtAudience: 'twitch-migration-tracker-api',
    adminLogins: env.list('ADMIN_LOGINS'),
    scopes: env
      .optionalString('TWITCH_SCOPES')
      ?.split(/[\s,]+/)
      .filter(Boolean) ?? ['user:read:email'],
    successRedirect,
    stateTtlMs: env.durationMs('AUTH_STATE_TTL', '10m', 1000),
  };
});
