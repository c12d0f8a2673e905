import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import { Test, type TestingModule } from '@nestjs/testing';
import { createClient } from '@keyv/redis';
import type { Cache } from 'cache-manager';
import { CacheStoreService } from '../../src/cache/cache-store.service';

const redisUrl = process.env.TEST_REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;

if (!redisUrl) {
  process.stderr.write('Redis cache suite skipped: TEST_REDIS_URL is not set\n');
}

describeWithRedis('the cache on Redis (REDIS_URL)', () => {
  let moduleRef: TestingModule;
  let cache: Cache;
  let store: CacheStoreService;
  const key = `cache-spec:${process.pid}:${Date.now()}`;

  beforeAll(async () => {
    store = new CacheStoreService({ redisUrl, ttlMs: 60_000, redisCommandTimeoutMs: 5_000 });
    await store.onModuleInit();
    moduleRef = await Test.createTestingModule({
      imports: [CacheModule.register({ ...store.cacheOptions(), isGlobal: true })],
    }).compile();
    cache = moduleRef.get<Cache>(CACHE_MANAGER);
  });

  afterAll(async () => {
    await cache?.del(key);
    await moduleRef?.close();
  });

  it('stores entries in Redis where another process can read them', async () => {
    await store.required(() => cache.set(key, { snapshotId: 7, medianViewers: 12.5 }));
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      const keys = await client.keys(`*${key}*`);
      expect(keys).toEqual([`tmt::${key}`]);
      const ttl = await client.pTTL(keys[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await client.quit();
    }
    expect(await cache.get(key)).toEqual({ snapshotId: 7, medianViewers: 12.5 });
  });

  it('gives an entry to exactly one of many concurrent takers (GETDEL), and deletes it in Redis', async () => {
    const once = `${key}:once`;
    await store.required(() => cache.set(once, 'state'));
    const taken = await Promise.all(Array.from({ length: 50 }, () => store.required(() => store.take(once))));
    expect(taken.filter((value) => value !== undefined)).toEqual(['state']);
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      expect(await client.exists(`tmt::${once}`)).toBe(0);
    } finally {
      await client.quit();
    }
    expect(await store.take(`${key}:never-set`)).toBeUndefined();
  });

  it('reports Redis as answering', async () => {
    expect(await store.check()).toEqual({ store: 'REDIS', ok: true });
  });
});
