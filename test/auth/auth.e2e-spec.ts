import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { getModelToken } from '@nestjs/sequelize';
import { UserEntity } from '../../src/auth/entities/user.entity';
import { ManualClock } from '../../src/common/clock';
import { type AppHarness, graphql, logIn, logInRaw, startApp } from '../support/app-harness';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256-0123456789';
const ISSUER = 'twitch-migration-tracker';
const AUDIENCE = 'twitch-migration-tracker-api';
const ME = '{ me { id login displayName email isAdmin profileImageUrl } }';
const STATE_TTL_MS = 120_000;

describe('Log in with Twitch', () => {
  let harness: AppHarness;
  /** The app's own time: login states and tokens expire by it. */
  const appClock = new ManualClock(Date.UTC(2026, 10, 22, 12));
  const users = () => harness.app.get<typeof UserEntity>(getModelToken(UserEntity));

  beforeAll(async () => {
    harness = await startApp(
      { JWT_SECRET: SECRET, AUTH_STATE_TTL: `${STATE_TTL_MS / 1000}s` },
      {},
      { appClock },
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('runs the whole flow and ends in a GraphQL call that succeeds with the token', async () => {
    const login = await logIn(harness.url, harness.simulator, 'simviewer');
    expect(login).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: { login: 'simviewer', isAdmin: false },
    });
    const me = await graphql<{ me: Record<string, unknown> }>(harness.url, ME, {}, login.accessToken);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toMatchObject({
      id: '9000001',
      login: 'simviewer',
      email: 'simviewer@users.simulator.test',
      isAdmin: false,
    });
    const claims = new JwtService({ secret: SECRET }).verify<{ iat: number; exp: number }>(
      login.accessToken,
      {
        clockTimestamp: appClock.now() / 1000,
      },
    );
    expect(claims.iat).toBe(Math.floor(appClock.now() / 1000));
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('updates the same user row on a second login', async () => {
    const before = await users().findOne({ where: { login: 'simviewer' } });
    appClock.advance(60_000);
    await logIn(harness.url, harness.simulator, 'simviewer');
    const rows = await users().findAll({ where: { login: 'simviewer' } });
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(before!.id);
    expect(rows[0].lastLoginAt.getTime()).toBeGreaterThan(before!.lastLoginAt.getTime());
  });

  it('refuses mutations to users who are not administrators', async () => {
    const { accessToken } = await logIn(harness.url, harness.simulator, 'simviewer');
    const result = await graphql(harness.url, 'mutation { refreshTopStreams { id } }', {}, accessToken);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const admin = await graphql<{ me: { isAdmin: boolean } }>(harness.url, ME, {}, harness.adminToken);
    expect(admin.data?.me.isAdmin).toBe(true);
  });

  describe('rejected tokens', () => {
    const jwt = new JwtService({ secret: SECRET });
    const claims = { sub: '1', tid: '9000001', login: 'simviewer' };
    const appSeconds = () => Math.floor(appClock.now() / 1000);
    const tokens: [string, () => string | undefined][] = [
      ['no token', () => undefined],
      ['a malformed token', () => 'not.a.jwt'],
      [
        'an expired token',
        () =>
          jwt.sign(
            { ...claims, iat: appSeconds() - 60, exp: appSeconds() - 10 },
            { issuer: ISSUER, audience: AUDIENCE },
          ),
      ],
      [
        'a token signed with another secret',
        () =>
          new JwtService({ secret: `${SECRET}-other` }).sign(claims, {
            issuer: ISSUER,
            audience: AUDIENCE,
            expiresIn: 600,
          }),
      ],
      [
        'a token with the wrong audience',
        () => jwt.sign(claims, { issuer: ISSUER, audience: 'someone-else', expiresIn: 600 }),
      ],
      [
        'a token with the wrong issuer',
        () => jwt.sign(claims, { issuer: 'someone-else', audience: AUDIENCE, expiresIn: 600 }),
      ],
      [
        'an unsigned token (alg none)',
        () => {
          const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
          const now = appSeconds();
          return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 })}.`;
        },
      ],
    ];

    it.each(tokens)('answers UNAUTHENTICATED to %s', async (_name, token) => {
      for (const query of [ME, '{ streamStats { totalStreams } }', 'mutation { refreshTopStreams { id } }']) {
        const result = await graphql(harness.url, query, {}, token());
        expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(result.data ?? null).toBeNull();
      }
    });
  });

  describe('rejected logins create no user', () => {
    let usersBefore: number;

    beforeAll(async () => {
      usersBefore = await users().count();
    });

    afterAll(async () => {
      expect(await users().count()).toBe(usersBefore);
    });

    it('refuses a callback without state', async () => {
      harness.simulator.setNextLogin('simmod');
      const { status } = await logInRaw(harness.url, {
        tamper: (callback) => callback.searchParams.delete('state'),
      });
      expect(status).toBe(400);
    });

    it('refuses a forged state', async () => {
      harness.simulator.setNextLogin('simmod');
      const { status } = await logInRaw(harness.url, {
        tamper: (callback) => callback.searchParams.set('state', 'forged-state-value'),
      });
      expect(status).toBe(401);
    });

    it('refuses a state started in another browser', async () => {
      harness.simulator.setNextLogin('simmod');
      const other = await fetch(`${harness.url}/auth/twitch`, { redirect: 'manual' });
      const consent = await fetch(other.headers.get('location')!, { redirect: 'manual' });
      const response = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
      expect(response.status).toBe(401);
    });

    it('refuses a reused state', async () => {
      harness.simulator.setNextLogin('simmod');
      let replay: URL | undefined;
      const first = await logInRaw(harness.url, {
        tamper: (callback) => {
          replay = new URL(callback);
        },
      });
      expect(first.status).toBe(200);
      await users().destroy({ where: { login: 'simmod' } });
      const second = await fetch(replay!, { redirect: 'manual' });
      expect(second.status).toBe(401);
    });

    it('refuses an expired state', async () => {
      harness.simulator.setNextLogin('simmod');
      const { status } = await logInRaw(harness.url, {
        tamper: () => appClock.advance(STATE_TTL_MS),
      });
      expect(status).toBe(401);
    });

    it('refuses a denied consent', async () => {
      harness.simulator.denyNextConsent();
      const { status, body } = await logInRaw(harness.url);
      expect(status).toBe(403);
      expect(body.message).toMatch(/access_denied/);
    });

    it('refuses a code used twice', async () => {
      harness.simulator.setNextLogin('simmod');
      let used: string | null = null;
      const first = await logInRaw(harness.url, {
        tamper: (callback) => {
          used = callback.searchParams.get('code');
        },
      });
      expect(first.status).toBe(200);
      await users().destroy({ where: { login: 'simmod' } });
      const second = await logInRaw(harness.url, {
        tamper: (callback) => callback.searchParams.set('code', used!),
      });
      expect(second.status).toBe(401);
    });
  });

  it('keeps /health and the login routes public', async () => {
    expect((await fetch(`${harness.url}/health`)).status).toBe(200);
    expect((await fetch(`${harness.url}/auth/twitch`, { redirect: 'manual' })).status).toBe(302);
  });
});
