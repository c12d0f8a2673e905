import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { authConfig } from '../config';
import type { AuthUser, JwtClaims } from './auth-user';
import { UsersService } from './users.service';

/** HS256 only (never `none`), with issuer, audience and expiry checked by passport-jwt. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
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
  }

  validate(claims: JwtClaims): AuthUser {
    return {
      userId: Number(claims.sub),
      twitchId: claims.tid,
      login: claims.login,
      isAdmin: this.users.isAdmin(claims.login),
      expiresAt: claims.exp === undefined ? undefined : claims.exp * 1000,
    };
  }
}
