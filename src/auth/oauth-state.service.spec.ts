import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CacheModule } from '@nestjs/cache-manager';
import { Test, type TestingModule } from '@nestjs/testing';
import { CacheStoreService } from '../cache/cache-store.service';
import { Clock, ManualClock } from '../common/clock';
import { authConfig } from '../config';
import { OAuthStateService } from './oauth-state.service';

const TTL_MS = 600_000;

describe('OAuthStateService', () => {
  let moduleRef: TestingModule;
  let states: OAuthStateService;
  const clock = new ManualClock();

  beforeEach(async () => {
    const store = new CacheStoreService({ redisUrl: undefined, ttlMs: 60_000, redisCommandTimeoutMs: 5_000 });
    moduleRef = await Test.createTestingModule({
      imports: [CacheModule.register({ ...store.cacheOptions(), isGlobal: true })],
      providers: [
        OAuthStateService,
        { provide: CacheStoreService, useValue: store },
        { provide: authConfig.KEY, useValue: { stateTtlMs: TTL_MS } },
        { provide: Clock, useValue: clock },
      ],
    }).compile();
    states = moduleRef.get(OAuthStateService);
  });

  afterEach(async () => {
    await moduleRef.close();
  });

  it('redeems a state once, with its returnTo, for the browser that started the login', async () => {
    const { state, browserNonce } = await states.issue('/channels');
    expect(await states.consume(state, 'another-browser')).toEqual({ check: 'not-this-browser' });
    const again = await states.issue('/channels');
    expect(await states.consume(again.state, again.browserNonce)).toEqual({
      check: 'ok',
      returnTo: '/channels',
    });
    expect(await states.consume(again.state, again.browserNonce)).toEqual({ check: 'unknown' });
    // The refused attempt consumed its state too.
    expect(await states.consume(state, browserNonce)).toEqual({ check: 'unknown' });
  });

  it('lets exactly one of many concurrent callbacks redeem a state', async () => {
    const { state, browserNonce } = await states.issue();
    const checks = await Promise.all(Array.from({ length: 50 }, () => states.consume(state, browserNonce)));
    expect(checks.filter(({ check }) => check === 'ok')).toHaveLength(1);
    expect(checks.filter(({ check }) => check === 'unknown')).toHaveLength(49);
  });

  it('expires a state when the Clock reaches AUTH_STATE_TTL, whatever the cache keeps', async () => {
    const fresh = await states.issue();
    const stale = await states.issue();
    clock.advance(TTL_MS - 1);
    expect(await states.consume(fresh.state, fresh.browserNonce)).toEqual({ check: 'ok' });
    clock.advance(1);
    expect(await states.consume(stale.state, stale.browserNonce)).toEqual({ check: 'unknown' });
  });
});
