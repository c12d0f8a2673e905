import { describe, expect, it } from '@jest/globals';
import { TokenBucketRateLimiter } from './rate-limiter';

describe('TokenBucketRateLimiter', () => {
  it('refills on the wall clock by default', () => {
    let wall = 1_000_000;
    const limiter = new TokenBucketRateLimiter(
      2,
      () => wall,
      () => wall,
    );
    expect(limiter.consume('user:1').allowed).toBe(true);
    expect(limiter.consume('user:1').allowed).toBe(true);
    expect(limiter.consume('user:1').allowed).toBe(false);
    wall += 30_000;
    expect(limiter.consume('user:1').allowed).toBe(true);
  });

  it('refills on another clock when given one, and still gives the reset as a wall-clock instant', () => {
    let world = Date.UTC(2026, 10, 22, 20);
    const wall = Date.UTC(2026, 11, 6, 12);
    const limiter = new TokenBucketRateLimiter(
      60,
      () => world,
      () => wall,
    );
    for (let i = 0; i < 60; i++) expect(limiter.consume('user:1').allowed).toBe(true);
    const refused = limiter.consume('user:1');
    expect(refused.allowed).toBe(false);
    // Full again a world minute later: given as the wall-clock instant one minute from now.
    expect(refused.state).toEqual({ limit: 60, remaining: 0, resetSeconds: (wall + 60_000) / 1000 });
    // Wall time standing still does not refill it; world time does.
    world += 10_000;
    expect(limiter.peek('user:1').remaining).toBe(10);
    expect(limiter.usageByBucket()).toEqual([{ bucket: 'user:1', spent: 60, refused: 1 }]);
  });
});
