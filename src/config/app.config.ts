import { registerAs } from '@nestjs/config';
import { EnvReader } from './env-reader';

export interface AppConfig {
  port: number;
  host: string;
  production: boolean;
  /** Longest a stop may take before the process exits anyway (SHUTDOWN_TIMEOUT). */
  shutdownTimeoutMs: number;
}

export const appConfig = registerAs('app', (): AppConfig => {
  const env = new EnvReader();
  return {
    port: env.int('PORT', 3000, { min: 0, max: 65535 }),
    host: env.string('HOST', '0.0.0.0'),
    // Exact values only: `prod` or `Production` would otherwise quietly keep GraphiQL and introspection on.
    production: env.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development') === 'production',
    shutdownTimeoutMs: env.durationMs('SHUTDOWN_TIMEOUT', '10s', 1000),
  };
});
