import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock';
import { isLoopback, parseRedirectUri } from './oauth-redirects';

export const EMBEDDED_CLIENT_ID = 'embedded-client-id';
export const EMBEDDED_CLIENT_SECRET = 'embedded-client-secret';

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ACCESS_TOKEN_LENGTH = 30;
const REFRESH_TOKEN_LENGTH = 50;

/** Lowercase alphanumerics like Twitch's tokens and codes; the slight modulo bias does not matter here. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = '';
  for (let i = 0; i < length; i++) token += TOKEN_ALPHABET[bytes[i] % TOKEN_ALPHABET.length];
  return token;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly clientId: string;
  /** Set for user tokens; app tokens have no user. */
  readonly userId?: string;
  readonly login?: string;
  readonly scopes: readonly string[];
  /** On the simulator's clock, so tests expire tokens by advancing a ManualClock. */
  readonly expiresAt: number;
  /** The authorization a user token descends from, so that all of its tokens can be revoked at once. */
  readonly grantId?: string;
}

/** What a user authorized a client to do; every token of one grant (its refreshes too) shares `grantId`. */
export interface UserGrant {
  readonly clientId: string;
  readonly userId: string;
  readonly login: string;
  readonly scopes: readonly string[];
  readonly grantId: string;
}

export interface UserTokens {
  readonly access: IssuedToken;
  readonly refreshToken: string;
}

export type ClientCheck = 'ok' | 'unknown-client' | 'bad-secret';

interface RegisteredClient {
  readonly secret: string;
  readonly redirectUris: readonly string[];
}

/** Registered applications: client id → secret and, optionally, the redirect URIs allowed for it. */
export class ClientRegistry {
  private readonly clients = new Map<string, RegisteredClient>();

  constructor(clients: Record<string, string>) {
    for (const [clientId, secret] of Object.entries(clients)) this.register(clientId, secret);
  }

  register(clientId: string, secret: string, redirectUris: readonly string[] = []): void {
    if (!clientId || !secret) throw new RangeError('clientId and secret must be non-empty');
    for (const uri of redirectUris) {
      if (!parseRedirectUri(uri)) throw new RangeError(`${uri} is not an absolute http(s) URL`);
    }
    this.clients.set(clientId, { secret, redirectUris: [...redirectUris] });
  }

  has(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  check(clientId: string, secret: string): ClientCheck {
    const client = this.clients.get(clientId);
    if (client === undefined) return 'unknown-client';
    return client.secret === secret ? 'ok' : 'bad-secret';
  }

  /** Registered URIs must match exactly, as on Twitch; a client registered without any may use loopback ones. */
  allowsRedirect(clientId: string, redirectUri: string): boolean {
    const client = this.clients.get(clientId);
    const url = parseRedirectUri(redirectUri);
    if (!client || !url) return false;
    return client.redirectUris.length > 0 ? client.redirectUris.includes(redirectUri) : isLoopback(url);
  }
}

/** Tokens the simulator issued; unknown, revoked and expired tokens are all simply absent. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Refresh tokens never expire, as on Twitch; they die by rotation or revocation. */
  private readonly refreshTokens = new Map<string, UserGrant>();
  /** grantId → the live access and refresh tokens of that grant. */
  private readonly grants = new Map<string, Set<string>>();
  private issuedCount = 0;

  constructor(private readonly clock: Clock) {}

  get issued(): number {
    return this.issuedCount;
  }

  issue(grant: Omit<IssuedToken, 'accessToken' | 'expiresAt'>, ttlSeconds: number): IssuedToken {
    const accessToken = randomToken(ACCESS_TOKEN_LENGTH);
    const token: IssuedToken = { ...grant, accessToken, expiresAt: this.clock.now() + ttlSeconds * 1000 };
    this.tokens.set(accessToken, token);
    if (grant.grantId !== undefined) this.family(grant.grantId).add(accessToken);
    this.issuedCount++;
    return token;
  }

  /** An access token and its refresh token. */
  issueUserTokens(grant: UserGrant, ttlSeconds: number): UserTokens {
    const access = this.issue(grant, ttlSeconds);
    const refreshToken = randomToken(REFRESH_TOKEN_LENGTH);
    this.refreshTokens.set(refreshToken, grant);
    this.family(grant.grantId).add(refreshToken);
    return { access, refreshToken };
  }

  find(accessToken: string): IssuedToken | undefined {
    const token = this.tokens.get(accessToken);
    if (token && token.expiresAt <= this.clock.now()) {
      this.forget(accessToken, token.grantId);
      return undefined;
    }
    return token;
  }

  findRefresh(refreshToken: string): UserGrant | undefined {
    return this.refreshTokens.get(refreshToken);
  }

  /** A new pair for the grant of `refreshToken`, which stops working; undefined if it is not live. */
  rotate(refreshToken: string, ttlSeconds: number): UserTokens | undefined {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant) return undefined;
    this.forget(refreshToken, grant.grantId);
    return this.issueUserTokens(grant, ttlSeconds);
  }

  revoke(accessToken: string): boolean {
    const token = this.tokens.get(accessToken);
    if (!token) return false;
    this.forget(accessToken, token.grantId);
    return true;
  }

  /** Every access and refresh token of the grant. */
  revokeGrant(grantId: string): void {
    for (const key of this.grants.get(grantId) ?? []) {
      this.tokens.delete(key);
      this.refreshTokens.delete(key);
    }
    this.grants.delete(grantId);
  }

  expiresInSeconds(token: IssuedToken): number {
    return Math.max(0, Math.floor((token.expiresAt - this.clock.now()) / 1000));
  }

  private family(grantId: string): Set<string> {
    let family = this.grants.get(grantId);
    if (!family) {
      family = new Set();
      this.grants.set(grantId, family);
    }
    return family;
  }

  private forget(key: string, grantId: string | undefined): void {
    this.tokens.delete(key);
    this.refreshTokens.delete(key);
    if (grantId === undefined) return;
    const family = this.grants.get(grantId);
    family?.delete(key);
    if (family?.size === 0) this.grants.delete(grantId);
  }
}
