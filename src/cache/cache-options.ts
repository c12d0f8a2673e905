import { Logger } from '@nestjs/common';
import type { CacheModuleOptions } from '@nestjs/cache-manager';
import { createKeyv } from '@keyv/redis';
import type { CacheConfig } from '../config';

const logger = new Logger('Cache');

/** In-process memory by default; Redis when REDIS_URL is set, so several processes share one cache. */
export function buildCacheOptions(config: CacheConfig): CacheModuleOptions {
  if (!config.redisUrl) return { ttl: config.ttlMs };
  const store = createKeyv(config.redisUrl, { namespace: 'tmt' });
  store.on('error', (error: Error) => logger.error(`Redis cache: ${error.message}`));
  logger.log('Cache in Redis');
  return { ttl: config.ttlMs, stores: [store] };
}
