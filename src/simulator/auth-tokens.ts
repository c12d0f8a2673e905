import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock';

export const EMBEDDED_CLIENT_ID = 'embedded-client-id';
export const EMBEDDED_CLIENT_SECRET = 'embedded-client-secret';

export interface IssuedToken {
  readonly accessToken: string;
  readonly clientId: string;
  /** Set for user tokens; app tokens have no user. */
  readonly userId?: string;
  readonly login?: string;
  readonly scopes: readonly string[];
  /** On the simulator's clock, so tests expire tokens by advancing a ManualClock. */
  readonly expiresAt: number;
}

export type ClientCheck = 'ok' | 'unknown-client' | 'bad-secret';

/** Registered applications: client id → secret. */
export class ClientRegistry {
  private readonly secrets = new Map<string, string>();

  constructor(clients: Record<string, string>) {
    for (const [clientId, secret] of Object.entries(clients)) this.register(clientId, secret);
  }

  register(clientId: string, secret: string): void {
    if (!clientId || !secret) throw new RangeError('clientId and secret must be non-empty');
    this.secrets.set(clientId, secret);
  }

  has(clientId: string): boolean {
    return this.secrets.has(clientId);
  }

  check(clientId: string, secret: string): ClientCheck {
    const expected = this.secrets.get(clientId);
    if (expected === undefined) return 'unknown-client';
    return expected === secret ? 'ok' : 'bad-secret';
  }
}

/** Access tokens the simulator issued; unknown, revoked and expired tokens are all simply absent. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  private issuedCount = 0;

  constructor(private readonly clock: Clock) {}

  get issued(): number {
    return this.issuedCount;
  }

  issue(grant: Omit<IssuedToken, 'accessToken' | 'expiresAt'>, ttlSeconds: number): IssuedToken {
    // Twitch tokens are 30 lowercase alphanumerics.
    const accessToken = randomBytes(30)
      .toString('base64')
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .padEnd(30, '0')
      .slice(0, 30);
    const token: IssuedToken = { ...grant, accessToken, expiresAt: this.clock.now() + ttlSeconds * 1000 };
    this.tokens.set(accessToken, token);
    this.issuedCount++;
    return token;
  }

  find(accessToken: string): IssuedToken | undefined {
    const token = this.tokens.get(accessToken);
    if (token && token.expiresAt <= this.clock.now()) {
      this.tokens.delete(accessToken);
      return undefined;
    }
    return token;
  }

  revoke(accessToken: string): boolean {
    return this.tokens.delete(accessToken);
  }

  expiresInSeconds(token: IssuedToken): number {
    return Math.max(0, Math.floor((token.expiresAt - this.clock.now()) / 1000));
  }
}
