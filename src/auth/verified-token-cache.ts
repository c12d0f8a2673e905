import { LeastRecentlyUsed } from '../common/least-recently-used';

/**
 * Tokens whose signature and claims were verified, with what they said, until their `exp`. Keyed by the
 * whole token, signature included: a token signed with another key is another key here, so it is verified
 * (and refused) on its own. Bounded: past `capacity` the least recently used entry goes. There is no
 * revocation to honour — a token is valid until its `exp` whether it is cached or not.
 */
export class VerifiedTokenCache<T> {
  private readonly entries: LeastRecentlyUsed<string, { value: T; expiresAtMs: number }>;

  constructor(capacity: number) {
    this.entries = new LeastRecentlyUsed(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** What `token` was verified to say, unless it was never verified or has expired by `nowMs`. */
  get(token: string, nowMs: number): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    // jsonwebtoken refuses a token from the second its `exp` names: so does the cache.
    if (nowMs >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  /** Remembers a verified token until `expiresAtMs` (its `exp` in milliseconds). */
  set(token: string, value: T, expiresAtMs: number): void {
    this.entries.set(token, { value, expiresAtMs });
  }
}
