import { afterEach, describe, expect, it } from '@jest/globals';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Cache } from 'cache-manager';
import { freePort } from '../../test/support/app-harness';
import { CacheStoreService, CacheUnavailableError } from './cache-store.service';

/** Redis configured but nobody listening: every answer must come at once, with the reason. */
describe('CacheStoreService', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  async function cacheOn(redisUrl: string | undefined) {
    const store = new CacheStoreService({ redisUrl, ttlMs: 60_000, redisCommandTimeoutMs: 5_000 });
    await store.onModuleInit();
    moduleRef = await Test.createTestingModule({
      imports: [CacheModule.register({ ...store.cacheOptions(), isGlobal: true })],
    }).compile();
    return { store, cache: moduleRef.get<Cache>(CACHE_MANAGER) };
  }

  it('keeps the cache in memory without REDIS_URL', async () => {
    const { store, cache } = await cacheOn(undefined);
    expect(await store.check()).toEqual({ store: 'MEMORY', ok: true });
    await store.required(() => cache.set('k', 1));
    expect(await store.required(() => cache.get('k'))).toBe(1);
  });

  it('gives an entry to exactly one of many concurrent takers, in memory', async () => {
    const { store, cache } = await cacheOn(undefined);
    await cache.set('once', { value: 'state' });
    const taken = await Promise.all(Array.from({ length: 50 }, () => store.take('once')));
    expect(taken.filter((value) => value !== undefined)).toEqual([{ value: 'state' }]);
    expect(await cache.get('once')).toBeUndefined();
    expect(await store.take('never-set')).toBeUndefined();
  });

  it('takes no expired entry, in memory', async () => {
    const { store, cache } = await cacheOn(undefined);
    await cache.set('short', 'value', 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.take('short')).toBeUndefined();
  });

  it('fails fast and says why when Redis does not answer', async () => {
    const { store, cache } = await cacheOn(`redis://127.0.0.1:${await freePort()}`);
    const started = performance.now();
    const check = await store.check();
    expect(check).toMatchObject({ store: 'REDIS', ok: false });
    expect(check.error).toMatch(/ECONNREFUSED|refused/);
    await expect(store.required(() => cache.set('k', 1))).rejects.toBeInstanceOf(CacheUnavailableError);
    // A read the cache manager would answer as a miss is a failure here.
    await expect(store.required(() => cache.get('k'))).rejects.toThrow(/does not answer/);
    await expect(store.required(() => store.take('k'))).rejects.toBeInstanceOf(CacheUnavailableError);
    // Without `required`, a read is a plain miss, at once: statistics compute instead.
    expect(await cache.get('k')).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
