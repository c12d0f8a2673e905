import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Cache } from 'cache-manager';
import { authConfig } from '../config';

export interface IssuedState {
  /** Sent to Twitch and back. */
  state: string;
  /** Kept by the browser in an HttpOnly cookie; the callback must present it with the state. */
  browserNonce: string;
}

export type StateCheck = 'ok' | 'missing' | 'unknown' | 'not-this-browser';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * OAuth `state` as a CSRF defence: unguessable, short-lived, single-use and bound to the browser that
 * started the login. Stored in the cache (Redis when configured) under its hash, so several processes
 * share it and a leaked cache entry reveals no usable state.
 */
@Injectable()
export class OAuthStateService {
  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async issue(): Promise<IssuedState> {
    const state = randomBytes(32).toString('base64url');
    const browserNonce = randomBytes(32).toString('base64url');
    await this.cache.set(this.key(state), sha256(browserNonce).toString('base64url'), this.config.stateTtlMs);
    return { state, browserNonce };
  }

  /** Consumes the state whatever the outcome, so it can never be tried twice. */
  async consume(state: string | undefined, browserNonce: string | undefined): Promise<StateCheck> {
    if (!state) return 'missing';
    const key = this.key(state);
    const expected = await this.cache.get<string>(key);
    if (!expected) return 'unknown';
    await this.cache.del(key);
    if (!browserNonce) return 'not-this-browser';
    const presented = sha256(browserNonce);
    const stored = Buffer.from(expected, 'base64url');
    return stored.length === presented.length && timingSafeEqual(stored, presented)
      ? 'ok'
      : 'not-this-browser';
  }

  get ttlMs(): number {
    return this.config.stateTtlMs;
  }

  private key(state: string): string {
    return `oauth-state:${sha256(state).toString('base64url')}`;
  }
}
