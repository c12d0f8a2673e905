import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Cache } from 'cache-manager';
import { CacheStoreService, CacheUnavailableError } from '../cache/cache-store.service';
import { Clock } from '../common/clock';
import { authConfig } from '../config';

export interface IssuedState {
  /** Sent to Twitch and back. */
  state: string;
  /** Kept by the browser in an HttpOnly cookie; the callback must present it with the state. */
  browserNonce: string;
}

export type StateCheck = 'ok' | 'missing' | 'unknown' | 'not-this-browser';

export interface ConsumedState {
  check: StateCheck;
  /** The page the login was started for; only given when `check` is `ok`. */
  returnTo?: string;
}

/** What the cache keeps under a state's hash. */
interface StateEntry {
  nonceHash: string;
  returnTo?: string;
  /** When the state stops being redeemable (epoch ms, by the injected Clock). */
  expiresAt?: number;
}

/**
 * Entries written by earlier versions held the bare nonce hash, or no `expiresAt`: they stay redeemable
 * until their cache TTL ends, as they were.
 */
function parseEntry(raw: string): StateEntry | undefined {
  if (!raw.startsWith('{')) return { nonceHash: raw };
  try {
    const entry = JSON.parse(raw) as Partial<StateEntry>;
    if (typeof entry.nonceHash !== 'string') return undefined;
    return {
      nonceHash: entry.nonceHash,
      ...(typeof entry.returnTo === 'string' ? { returnTo: entry.returnTo } : {}),
      ...(typeof entry.expiresAt === 'number' ? { expiresAt: entry.expiresAt } : {}),
    };
  } catch {
    return undefined;
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * OAuth `state` as a CSRF defence: unguessable, short-lived, single-use and bound to the browser that
 * started the login. Stored in the cache (Redis when configured) under its hash, so several processes
 * share it and a leaked cache entry reveals no usable state. Not keyed by the database identity like the
 * statistics: a state describes no database content, is unique by construction, and must be redeemable
 * by every process of the deployment. When Redis does not answer, login fails at once with a 503 instead
 * of waiting for it or taking a failed read for an unknown state.
 */
@Injectable()
export class OAuthStateService {
  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly store: CacheStoreService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly clock: Clock,
  ) {}

  /** `returnTo` (already checked to be a path on this service) comes back with the state at the callback. */
  async issue(returnTo?: string): Promise<IssuedState> {
    const state = randomBytes(32).toString('base64url');
    const browserNonce = randomBytes(32).toString('base64url');
    const entry: StateEntry = {
      nonceHash: sha256(browserNonce).toString('base64url'),
      returnTo,
      expiresAt: this.clock.now() + this.config.stateTtlMs,
    };
    // The cache's TTL only clears the states nobody redeems; whether a state has expired, the Clock says.
    await this.reliably(() => this.cache.set(this.key(state), JSON.stringify(entry), this.config.stateTtlMs));
    return { state, browserNonce };
  }

  /**
   * Consumes the state whatever the outcome, so it can never be tried twice. Its returnTo is given only to
   * the browser that started the login: a forged or stolen state must not choose where anyone lands.
   */
  async consume(state: string | undefined, browserNonce: string | undefined): Promise<ConsumedState> {
    if (!state) return { check: 'missing' };
    // Taken in one atomic step, not read then deleted: of concurrent callbacks with one state, one wins.
    const raw = await this.reliably(() => this.store.take<string>(this.key(state)));
    const entry = raw ? parseEntry(raw) : undefined;
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= this.clock.now())) {
      return { check: 'unknown' };
    }
    if (!browserNonce) return { check: 'not-this-browser' };
    const presented = sha256(browserNonce);
    const stored = Buffer.from(entry.nonceHash, 'base64url');
    if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) {
      return { check: 'not-this-browser' };
    }
    return entry.returnTo === undefined ? { check: 'ok' } : { check: 'ok', returnTo: entry.returnTo };
  }

  get ttlMs(): number {
    return this.config.stateTtlMs;
  }

  private async reliably<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await this.store.required(operation);
    } catch (error) {
      if (error instanceof CacheUnavailableError) {
        // The reason (an address, a timeout) is for /health and the log, not for every visitor.
        throw new ServiceUnavailableException(
          'Login is unavailable: its session store (Redis) does not answer. Try again shortly.',
        );
      }
      throw error;
    }
  }

  private key(state: string): string {
    return `oauth-state:${sha256(state).toString('base64url')}`;
  }
}
