import { registerAs } from '@nestjs/config';
import { EnvReader } from './env-reader';

export interface AppConfig {
  port: number;
  host: string;
  production: boolean;
}

export const appConfig = registerAs('app', (): AppConfig => {
  const env = new EnvReader();
  return {
    port: env.int('PORT', 3000, { min: 0, max: 65535 }),
    host: env.string('HOST', '0.0.0.0'),
    // Exact values only: `prod` or `Production` would otherwise quietly keep GraphiQL and introspection on.
    production: env.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development') === 'production',
  };
});
