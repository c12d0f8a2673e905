import { afterEach, describe, expect, it } from '@jest/globals';
import { cacheConfig } from './cache.config';

describe('cacheConfig', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
  });

  it('bounds Redis commands by 1 s unless REDIS_COMMAND_TIMEOUT says otherwise', () => {
    delete process.env.REDIS_COMMAND_TIMEOUT;
    expect(cacheConfig().redisCommandTimeoutMs).toBe(1_000);
    process.env.REDIS_COMMAND_TIMEOUT = '0.25s';
    expect(cacheConfig().redisCommandTimeoutMs).toBe(250);
  });

  it.each(['soon', '0', '0.01s'])('stops start-up on REDIS_COMMAND_TIMEOUT=%s, naming it', (value) => {
    process.env.REDIS_COMMAND_TIMEOUT = value;
    expect(() => cacheConfig()).toThrow(/Invalid setting REDIS_COMMAND_TIMEOUT/);
  });
});
