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

/** What a bucket has spent and been refused, for a run that checks its client kept to the budget. */
export interface RateLimitUsage {
  /** `user:<id>` or `client:<client id>`. */
  bucket: string;
  /** Points taken (requests answered). */
  spent: number;
  /** Requests refused with 429 because the bucket was empty. */
  refused: number;
}

/**
 * Helix's token bucket: `perMinute` points, refilled continuously, one bucket per client (app tokens) or
 * per user (user tokens). By default it runs on wall-clock time, never the world clock: @twurple waits
 * `Ratelimit-Reset * 1000 - Date.now()` before retrying, so the reset must be a real instant.
 *
 * With `refillClock` (the world's clock), the bucket refills in that clock's time instead, so that a run on
 * a manual clock is held to the budget per simulated minute; `Ratelimit-Reset` stays a wall-clock instant
 * (now plus the world time until the bucket is full), which is what @twurple compares with `Date.now()`.
 */
export class TokenBucketRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly usage = new Map<string, RateLimitUsage>();

  constructor(
    private perMinute: number,
    private readonly refillClock: () => number = Date.now,
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
    const now = this.refillClock();
    const bucket = this.bucket(key, now);
    const allowed = bucket.tokens >= points;
    if (allowed) bucket.tokens -= points;
    let usage = this.usage.get(key);
    if (!usage) this.usage.set(key, (usage = { bucket: key, spent: 0, refused: 0 }));
    if (allowed) usage.spent += points;
    else usage.refused++;
    return { allowed, state: this.describe(bucket, now) };
  }

  peek(key: string): RateLimitState {
    const now = this.refillClock();
    return this.describe(this.bucket(key, now), now);
  }

  /** Points spent and requests refused by each bucket since the start (kept across `setLimit`). */
  usageByBucket(): RateLimitUsage[] {
    return [...this.usage.values()].map((usage) => ({ ...usage }));
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
    // A wall-clock instant whatever clock refills the bucket; rounded up, so that a client waiting until
    // the reset always finds the bucket refilled.
    const wallNow = this.refillClock === this.wallClock ? now : this.wallClock();
    const resetSeconds = Math.ceil((wallNow + (missing * 60_000) / this.perMinute) / 1000);
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
