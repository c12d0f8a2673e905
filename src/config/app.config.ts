import { registerAs } from '@nestjs/config';
import { ConfigValidationError, EnvReader } from './env-reader';

export interface AppConfig {
  port: number;
  host: string;
  production: boolean;
  /** Longest a stop may take before the process exits anyway (SHUTDOWN_TIMEOUT). */
  shutdownTimeoutMs: number;
  /** Other sites whose pages may call /graphql (CORS_ORIGINS), as `scheme://host[:port]`; none by default. */
  corsOrigins: string[];
}

/**
 * Exactly what a browser sends in `Origin`: a scheme, a host (a name in ASCII, punycode for others, or an
 * address) and maybe a port; nothing after it.
 */
const ORIGIN = /^https?:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/**
 * A comma or space separated list of origins. `*` is refused on purpose: the API would then answer any
 * page on the web. Each is stored as the browser writes it (lower case, no default port).
 */
export function parseCorsOrigins(raw: string | undefined): string[] {
  const origins = new Set<string>();
  for (const item of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = ORIGIN.test(item) ? new URL(item) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.username || url.password || url.pathname !== '/') {
      throw new ConfigValidationError(
        'CORS_ORIGINS',
        'origins like https://dashboard.example.com or http://localhost:5173 (no path, no trailing slash, no *)',
        item,
      );
    }
    origins.add(url.origin);
  }
  return [...origins];
}

export const appConfig = registerAs('app', (): AppConfig => {
  const env = new EnvReader();
  return {
    port: env.int('PORT', 3000, { min: 0, max: 65535 }),
    host: env.string('HOST', '0.0.0.0'),
    // Exact values only: `prod` or `Production` would otherwise quietly keep GraphiQL and introspection on.
    production: env.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development') === 'production',
    shutdownTimeoutMs: env.durationMs('SHUTDOWN_TIMEOUT', '10s', 1000),
    corsOrigins: parseCorsOrigins(env.optionalString('CORS_ORIGINS')),
  };
});
