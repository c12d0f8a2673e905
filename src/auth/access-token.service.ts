import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtService, type JwtModuleOptions } from '@nestjs/jwt';
import { Clock } from '../common/clock';
import { authConfig } from '../config';
import type { AuthUser, VerifiedJwtClaims } from './auth-user';
import { UsersService } from './users.service';
import { VerifiedTokenCache } from './verified-token-cache';

/** Clocks of the processes that sign and verify may differ this much. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** Verified tokens kept (a few MB at most): far more than the users a deployment signs in within an hour. */
const VERIFIED_TOKENS_KEPT = 10_000;
/** `sub` is the users table's INTEGER key. */
const MAX_USER_ID = 2_147_483_647;

/**
 * How the service signs its tokens and how it verifies them, side by side: HS256 only (never `none`), with
 * this issuer and audience. The key is a KeyObject: given a string, jsonwebtoken first tries to parse it as
 * a PEM key on every call, which cost more than the rest of a cached GraphQL request.
 */
export function jwtOptions(config: ConfigType<typeof authConfig>): JwtModuleOptions {
  return {
    secret: createSecretKey(Buffer.from(config.jwtSecret)),
    signOptions: {
      algorithm: 'HS256',
      expiresIn: config.jwtTtlSeconds,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
    },
    verifyOptions: { algorithms: ['HS256'], issuer: config.jwtIssuer, audience: config.jwtAudience },
  };
}

/** Who a token names, or why it names nobody (the message the client is told). */
export type TokenVerdict = { user: AuthUser; failure?: undefined } | { user: null; failure: string };

/** The token of an `Authorization` value: a `Bearer` scheme (any case) followed by the token. */
export function bearerToken(authorization: string): string | undefined {
  const match = /(\S+)\s+(\S+)/.exec(authorization);
  return match && match[1].toLowerCase() === 'bearer' ? match[2] : undefined;
}

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * The claims every token the service issues carries, or why these are not such claims. jsonwebtoken
 * checks `exp` only when present and never looks at `iat`: a token without expiry, or issued in the
 * future, or living longer than the service's tokens do, was not issued by this service as it is now.
 */
export function claimsProblem(payload: unknown, nowSeconds: number, ttlSeconds: number): string | null {
  if (typeof payload !== 'object' || payload === null) return 'the token carries no claims';
  const claims = payload as Partial<Record<keyof VerifiedJwtClaims, unknown>>;
  if (!(isText(claims.sub, 10) && /^[1-9][0-9]*$/.test(claims.sub) && Number(claims.sub) <= MAX_USER_ID)) {
    return 'the token has no valid subject';
  }
  if (!isText(claims.tid, 64) || !isText(claims.login, 64)) return 'the token names no Twitch user';
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') {
    return 'the token has no expiry or issue time';
  }
  if (claims.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) return 'the token was issued in the future';
  if (claims.exp - claims.iat > ttlSeconds) return 'the token lives longer than the service issues them';
  return null;
}

/**
 * The one verification of an access token: HTTP requests (`JwtAuthenticationMiddleware`) and graphql-ws
 * connections (`connectionAuthentication`) both ask it. jsonwebtoken checks the signature, algorithm,
 * issuer, audience and expiry as `jwtOptions` says, then `claimsProblem` the claims; a token that passed is
 * then answered from `VerifiedTokenCache` until its `exp` (nothing else in a verdict changes with time).
 * Time is the injected `Clock`'s, as for the tokens `AuthService` signs.
 */
@Injectable()
export class AccessTokenService {
  private readonly verified = new VerifiedTokenCache<Omit<AuthUser, 'isAdmin'>>(VERIFIED_TOKENS_KEPT);

  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** The user of an `Authorization` value; rejects only on a server-side error, never for a bad token. */
  async verify(authorization: string): Promise<TokenVerdict> {
    const token = bearerToken(authorization);
    if (token === undefined) return { user: null, failure: 'No auth token' };
    const known = this.verified.get(token, this.clock.now()) ?? (await this.verifySignature(token));
    if ('failure' in known) return { user: null, failure: known.failure };
    return { user: { ...known, isAdmin: this.users.isAdmin(known.login) } };
  }

  private async verifySignature(token: string): Promise<Omit<AuthUser, 'isAdmin'> | { failure: string }> {
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync<object>(token, { clockTimestamp: nowSeconds });
    } catch (error) {
      // jsonwebtoken's reason: "jwt expired", "invalid signature", "jwt audience invalid. expected: …".
      return { failure: error instanceof Error ? error.message : 'invalid token' };
    }
    const problem = claimsProblem(payload, nowSeconds, this.config.jwtTtlSeconds);
    if (problem) return { failure: problem };
    const claims = payload as VerifiedJwtClaims;
    const user = {
      userId: Number(claims.sub),
      twitchId: claims.tid,
      login: claims.login,
      expiresAt: claims.exp * 1000,
    };
    this.verified.set(token, user, user.expiresAt);
    return user;
  }
}
