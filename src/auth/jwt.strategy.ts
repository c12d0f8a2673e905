import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { authConfig } from '../config';
import type { AuthUser, VerifiedJwtClaims } from './auth-user';
import { TokenRejectedError } from './bearer-authentication';
import { UsersService } from './users.service';

/** Clocks of the processes that sign and verify may differ this much. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** `sub` is the users table's INTEGER key. */
const MAX_USER_ID = 2_147_483_647;

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

/** HS256 only (never `none`), with issuer, audience and expiry checked by passport-jwt, then the claims. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject (which jsonwebtoken accepts, though these typings do not say so): given a string,
      // jsonwebtoken first tries to parse it as a PEM public key on every verification, which cost more
      // than the rest of a cached GraphQL request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
    });
    this.ttlSeconds = config.jwtTtlSeconds;
  }

  /** Wall time, as jsonwebtoken's own `exp` check uses. */
  validate(payload: unknown): AuthUser {
    const problem = claimsProblem(payload, Date.now() / 1000, this.ttlSeconds);
    if (problem) throw new TokenRejectedError(problem);
    const claims = payload as VerifiedJwtClaims;
    return {
      userId: Number(claims.sub),
      twitchId: claims.tid,
      login: claims.login,
      isAdmin: this.users.isAdmin(claims.login),
      expiresAt: claims.exp * 1000,
    };
  }
}
