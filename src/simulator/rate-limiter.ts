export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Unix epoch seconds at which the bucket is full again. */
  resetSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  state: RateLimitState;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Helix's token bucket: `perMinute` points, refilled continuously, one bucket per client (app tokens) or
 * per user (user tokens). It runs on wall-clock time, never the world clock: @twurple waits
 * `Ratelimit-Reset * 1000 - Date.now()` before retrying, so the reset must be a real instant.
 */
export class TokenBucketRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private perMinute: number,
    private readonly wallClock: () => number = Date.now,
  ) {
    TokenBucketRateLimiter.check(perMinute);
  }

  get limit(): number {
    return this.perMinute;
  }

  /** Every bucket starts afresh, full at the new limit: a test that changes the limit gets a clean slate. */
  setLimit(perMinute: number): void {
    TokenBucketRateLimiter.check(perMinute);
    this.perMinute = perMinute;
    this.buckets.clear();
  }

  consume(key: string, points = 1): RateLimitDecision {
    const now = this.wallClock();
    const bucket = this.bucket(key, now);
    const allowed = bucket.tokens >= points;
    if (allowed) bucket.tokens -= points;
    return { allowed, state: this.describe(bucket, now) };
  }

  peek(key: string): RateLimitState {
    const now = this.wallClock();
    return this.describe(this.bucket(key, now), now);
  }

  private bucket(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.perMinute, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    this.refill(bucket, now);
    return bucket;
  }

  private refill(bucket: Bucket, now: number): void {
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + ((now - bucket.updatedAt) * this.perMinute) / 60_000,
    );
    bucket.updatedAt = now;
  }

  private describe(bucket: Bucket, now: number): RateLimitState {
    const missing = this.perMinute - bucket.tokens;
    // Rounded up, so that a client waiting until the reset always finds the bucket refilled.
    const resetSeconds = Math.ceil((now + (missing * 60_000) / this.perMinute) / 1000);
    return { limit: this.perMinute, remaining: Math.floor(bucket.tokens), resetSeconds };
  }

  private static check(perMinute: number): void {
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new RangeError('perMinute must be a positive integer');
    }
  }
}

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'Ratelimit-Limit': String(state.limit),
    'Ratelimit-Remaining': String(state.remaining),
    'Ratelimit-Reset': String(state.resetSeconds),
  };
}
