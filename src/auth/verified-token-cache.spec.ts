import { describe, expect, it } from '@jest/globals';
import { VerifiedTokenCache } from './verified-token-cache';

describe('VerifiedTokenCache', () => {
  const exp = 1_800_000_000_000;

  it('answers for a token until the millisecond before its exp, and never from then on', () => {
    const cache = new VerifiedTokenCache<string>(10);
    cache.set('token', 'simviewer', exp);
    expect(cache.get('token', exp - 3_600_000)).toBe('simviewer');
    expect(cache.get('token', exp - 1)).toBe('simviewer');
    expect(cache.get('token', exp)).toBeUndefined();
    // An expired entry is gone, not merely hidden.
    expect(cache.size).toBe(0);
    expect(cache.get('token', exp - 1)).toBeUndefined();
  });

  it('knows only the exact tokens it was given', () => {
    const cache = new VerifiedTokenCache<string>(10);
    cache.set('header.payload.signature', 'simviewer', exp);
    expect(cache.get('header.payload.other-signature', 0)).toBeUndefined();
    expect(cache.get('header.payload', 0)).toBeUndefined();
  });

  it('holds at most its capacity, dropping the least recently used', () => {
    const cache = new VerifiedTokenCache<number>(3);
    for (let i = 0; i < 3; i++) cache.set(`t${i}`, i, exp);
    expect(cache.get('t0', 0)).toBe(0);
    cache.set('t3', 3, exp);
    expect(cache.size).toBe(3);
    expect(cache.get('t1', 0)).toBeUndefined();
    expect([0, 2, 3].map((i) => cache.get(`t${i}`, 0))).toEqual([0, 2, 3]);
    for (let i = 4; i < 1000; i++) cache.set(`t${i}`, i, exp);
    expect(cache.size).toBe(3);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN])
      expect(() => new VerifiedTokenCache(capacity)).toThrow(RangeError);
  });
});
