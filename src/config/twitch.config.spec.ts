import { afterEach, describe, expect, it } from '@jest/globals';
import { twitchConfig } from './twitch.config';

describe('TWITCH_TIMEOUT', () => {
  const saved = process.env.TWITCH_TIMEOUT;

  afterEach(() => {
    if (saved === undefined) delete process.env.TWITCH_TIMEOUT;
    else process.env.TWITCH_TIMEOUT = saved;
  });

  it('is 10 s unless set', () => {
    delete process.env.TWITCH_TIMEOUT;
    expect(twitchConfig().timeoutMs).toBe(10_000);
    process.env.TWITCH_TIMEOUT = '2.5';
    expect(twitchConfig().timeoutMs).toBe(2_500);
  });

  it.each(['0.5s', 'never'])('stops on TWITCH_TIMEOUT=%s, naming it', (value) => {
    process.env.TWITCH_TIMEOUT = value;
    expect(() => twitchConfig()).toThrow('Invalid setting TWITCH_TIMEOUT:');
  });
});
