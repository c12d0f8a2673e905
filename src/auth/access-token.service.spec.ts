import { describe, expect, it, jest } from '@jest/globals';
import type { ConfigType } from '@nestjs/config';
import { JwtService, type JwtSignOptions } from '@nestjs/jwt';
import { ManualClock, SystemClock } from '../common/clock';
import type { authConfig } from '../config';
import { AccessTokenService, bearerToken, claimsProblem, jwtOptions } from './access-token.service';
import type { UsersService } from './users.service';

describe('claimsProblem', () => {
  const now = 1_800_000_000;
  const ttl = 3600;
  const valid = { sub: '12', tid: '9000001', login: 'simviewer', iat: now - 10, exp: now - 10 + ttl };

  it('accepts the claims the service issues', () => {
    expect(claimsProblem(valid, now, ttl)).toBeNull();
    expect(claimsProblem({ ...valid, iat: now + 30 }, now, ttl)).toBeNull();
  });

  it.each([
    ['a payload that is not an object', 'hello', 'no claims'],
    ['no login', { ...valid, login: undefined }, 'names no Twitch user'],
    ['a login that is not text', { ...valid, login: 7 }, 'names no Twitch user'],
    ['no Twitch id', { ...valid, tid: '' }, 'names no Twitch user'],
    ['a subject that is not a user id', { ...valid, sub: 'admin' }, 'no valid subject'],
    ['a subject past the INTEGER key', { ...valid, sub: '99999999999' }, 'no valid subject'],
    ['no exp', { ...valid, exp: undefined }, 'no expiry'],
    ['no iat', { ...valid, iat: undefined }, 'no expiry or issue time'],
    ['an iat beyond the clock tolerance', { ...valid, iat: now + 61, exp: now + 61 + ttl }, 'in the future'],
    ['a longer life than the service gives', { ...valid, exp: valid.iat + ttl + 1 }, 'lives longer'],
  ])('refuses %s', (_name, payload, problem) => {
    expect(claimsProblem(payload, now, ttl)).toContain(problem);
  });
});

describe('bearerToken', () => {
  it('takes the token after a Bearer scheme of any case', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('bearer   a.b.c')).toBe('a.b.c');
    expect(bearerToken('BEARER a.b.c')).toBe('a.b.c');
  });

  it('finds none under another scheme or without a token', () => {
    for (const value of ['Basic abc', 'Bearer', 'Bearer ', 'a.b.c', ''])
      expect(bearerToken(value)).toBeUndefined();
  });
});

describe('AccessTokenService', () => {
  const config = {
    jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256-0123456789',
    jwtTtlSeconds: 3600,
    jwtIssuer: 'twitch-migration-tracker',
    jwtAudience: 'twitch-migration-tracker-api',
  } as ConfigType<typeof authConfig>;
  const users = { isAdmin: (login: string) => login === 'simadmin' } as unknown as UsersService;
  /** Signs as the service does. */
  const jwt = new JwtService(jwtOptions(config));
  const tokens = new AccessTokenService(jwt, config, users, new SystemClock());
  const claims = { sub: '12', tid: '9000001', login: 'simviewer' };
  const now = () => Math.floor(Date.now() / 1000);
  /** Signs what the service would not: any claims, options and secret. */
  const forge = (payload: object, options: JwtSignOptions = {}) =>
    new JwtService({ secret: config.jwtSecret }).sign(payload, {
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ...options,
    });

  it('names the user of a token the service issued, with its expiry', async () => {
    const token = await jwt.signAsync(claims);
    const { user, failure } = await tokens.verify(`Bearer ${token}`);
    expect(failure).toBeUndefined();
    expect(user).toEqual({
      userId: 12,
      twitchId: '9000001',
      login: 'simviewer',
      isAdmin: false,
      expiresAt: expect.any(Number),
    });
    expect(user!.expiresAt - Date.now()).toBeGreaterThan(3_590_000);
    const admin = await tokens.verify(`bearer ${await jwt.signAsync({ ...claims, login: 'simadmin' })}`);
    expect(admin.user?.isAdmin).toBe(true);
  });

  it.each<[string, () => string, string]>([
    ['another scheme', () => 'Basic abc', 'No auth token'],
    ['a token that does not decode', () => 'Bearer not.a.jwt', 'invalid token'],
    ['a token of two parts', () => 'Bearer a.b', 'jwt malformed'],
    ['an expired token', () => `Bearer ${forge({ ...claims, exp: now() - 10 })}`, 'jwt expired'],
    [
      'another secret',
      () => `Bearer ${forge(claims, { secret: `${config.jwtSecret}-other`, expiresIn: 600 })}`,
      'invalid signature',
    ],
    [
      'another issuer',
      () => `Bearer ${forge(claims, { issuer: 'someone-else', expiresIn: 600 })}`,
      'jwt issuer invalid',
    ],
    [
      'another audience',
      () => `Bearer ${forge(claims, { audience: 'someone-else', expiresIn: 600 })}`,
      'jwt audience invalid',
    ],
    [
      'another HMAC algorithm',
      () => `Bearer ${forge(claims, { algorithm: 'HS512', expiresIn: 600 })}`,
      'invalid algorithm',
    ],
    [
      'an unsigned token (alg none)',
      () => {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const body = {
          ...claims,
          iss: config.jwtIssuer,
          aud: config.jwtAudience,
          iat: now(),
          exp: now() + 600,
        };
        return `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part(body)}.`;
      },
      'jwt signature is required',
    ],
    ['no expiry', () => `Bearer ${forge(claims)}`, 'the token has no expiry or issue time'],
    [
      'an issue time in the future',
      () => `Bearer ${forge({ ...claims, iat: now() + 120 }, { expiresIn: 600 })}`,
      'the token was issued in the future',
    ],
    [
      'no login',
      () => `Bearer ${forge({ sub: '12', tid: '9000001' }, { expiresIn: 600 })}`,
      'the token names no Twitch user',
    ],
  ])('refuses %s, saying why', async (_name, authorization, failure) => {
    const verdict = await tokens.verify(authorization());
    expect(verdict.user).toBeNull();
    expect(verdict.failure).toContain(failure);
  });
  describe('once a token was verified', () => {
    const issuedAt = 1_800_000_000;
    /** The service's clock at the second the token was issued. */
    const clockAtIssue = () => new ManualClock(issuedAt * 1000);
    const issue = (payload: object = claims) => jwt.signAsync({ ...payload, iat: issuedAt });

    it('answers from the cache, without verifying the signature again', async () => {
      const service = new AccessTokenService(jwt, config, users, clockAtIssue());
      const token = `Bearer ${await issue()}`;
      const verifying = jest.spyOn(jwt, 'verifyAsync');
      try {
        const first = await service.verify(token);
        const second = await service.verify(token);
        expect(second).toEqual(first);
        expect(second.user?.login).toBe('simviewer');
        expect(verifying).toHaveBeenCalledTimes(1);
      } finally {
        verifying.mockRestore();
      }
    });

    it('refuses it from the second its exp names, as jsonwebtoken does', async () => {
      const clock = clockAtIssue();
      const service = new AccessTokenService(jwt, config, users, clock);
      const token = `Bearer ${await issue()}`;
      expect((await service.verify(token)).user).not.toBeNull();
      const exp = (issuedAt + config.jwtTtlSeconds) * 1000;
      clock.set(exp - 1);
      expect((await service.verify(token)).user?.expiresAt).toBe(exp);
      clock.set(exp);
      expect(await service.verify(token)).toEqual({ user: null, failure: 'jwt expired' });
    });

    it('refuses a token of the same claims signed with another secret', async () => {
      const service = new AccessTokenService(jwt, config, users, clockAtIssue());
      const signed = { ...claims, iat: issuedAt, exp: issuedAt + 600 };
      expect((await service.verify(`Bearer ${forge(signed)}`)).user).not.toBeNull();
      const other = forge(signed, { secret: `${config.jwtSecret}-other` });
      expect(await service.verify(`Bearer ${other}`)).toEqual({ user: null, failure: 'invalid signature' });
    });

    it('still asks who is an administrator on every request', async () => {
      let admins = new Set<string>();
      const service = new AccessTokenService(
        jwt,
        config,
        { isAdmin: (login: string) => admins.has(login) } as unknown as UsersService,
        clockAtIssue(),
      );
      const token = `Bearer ${await issue()}`;
      expect((await service.verify(token)).user?.isAdmin).toBe(false);
      admins = new Set(['simviewer']);
      expect((await service.verify(token)).user?.isAdmin).toBe(true);
    });
  });
});
