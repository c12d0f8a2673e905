import { registerAs } from '@nestjs/config';
import { ConfigValidationError, EnvReader } from './env-reader';

export interface CacheConfig {
  redisUrl?: string;
  ttlMs: number;
  /** Longest wait for one Redis command before it fails (and Redis counts as down). */
  redisCommandTimeoutMs: number;
}

export const cacheConfig = registerAs('cache', (): CacheConfig => {
  const env = new EnvReader();
  const redisUrl = env.optionalString('REDIS_URL');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigValidationError('REDIS_URL', 'redis://host:port', redisUrl);
  }
  return {
    redisUrl,
    ttlMs: env.durationMs('CACHE_TTL', '1h', 1000),
    redisCommandTimeoutMs: env.durationMs('REDIS_COMMAND_TIMEOUT', '1s', 50),
  };
});
