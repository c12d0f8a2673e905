import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import { SimulatorState } from './simulator-options';
import { TwitchSimulator } from './simulator-server';

const CLIENT_ID = 'web-app';
const CLIENT_SECRET = 'web-secret';
const CALLBACK = 'http://localhost:3000/auth/twitch/callback';
const SIMVIEWER = { id: '9000001', login: 'simviewer', email: 'simviewer@users.simulator.test' };

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

interface Redirect {
  status: number;
  location: URL | null;
  raw: string | null;
  body: string;
}

describe('TwitchSimulator OAuth authorization-code flow', () => {
  const clock = new ManualClock();
  const sim = new TwitchSimulator({ seed: 3, clock, clients: { [CLIENT_ID]: CLIENT_SECRET } });
  let base: string;

  beforeAll(async () => {
    base = `http://127.0.0.1:${await sim.listen()}`;
  });
  afterAll(() => sim.close());

  async function authorize(params: Record<string, string>): Promise<Redirect> {
    const query = new URLSearchParams(params);
    const response = await fetch(`${base}/auth/authorize?${query}`, { redirect: 'manual' });
    const raw = response.headers.get('location');
    return { status: response.status, location: raw ? new URL(raw) : null, raw, body: await response.text() };
  }

  /** Approved consent → the code from the redirect. */
  async function login(scope = 'user:read:email', redirectUri = CALLBACK, clientId = CLIENT_ID) {
    const { status, location } = await authorize({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope,
      state: 'st-1',
    });
    expect(status).toBe(302);
    const code = location?.searchParams.get('code');
    expect(code).toMatch(/^[a-z0-9]{30}$/);
    return code as string;
  }

  async function token(params: Record<string, string>, form = false): Promise<Reply> {
    const query = new URLSearchParams(params).toString();
    const response = form
      ? await fetch(`${base}/auth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: query,
        })
      : await fetch(`${base}/auth/token?${query}`, { method: 'POST' });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function exchange(code: string, redirectUri = CALLBACK, clientId = CLIENT_ID, secret = CLIENT_SECRET) {
    return token({
      grant_type: 'authorization_code',
      client_id: clientId,
      client_secret: secret,
      code,
      redirect_uri: redirectUri,
    });
  }

  function refresh(refreshToken: string, clientId = CLIENT_ID, secret = CLIENT_SECRET) {
    return token({
      grant_type: 'refresh_token',
      client_id: clientId,
      client_secret: secret,
      refresh_token: refreshToken,
    });
  }

  async function validate(accessToken: string): Promise<Reply> {
    const response = await fetch(`${base}/auth/validate`, {
      headers: { Authorization: `OAuth ${accessToken}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function users(accessToken: string, query = '', clientId = CLIENT_ID) {
    const response = await fetch(`${base}/mock/users${query}`, {
      headers: { 'Client-Id': clientId, Authorization: `Bearer ${accessToken}` },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as { data: Record<string, unknown>[] },
    };
  }

  async function control(body: unknown): Promise<Reply> {
    const response = await fetch(`${base}/sim/control`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('runs the whole flow: consent redirect, code exchange, validate, Get Users with email', async () => {
    const consent = await authorize({
      client_id: CLIENT_ID,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'user:read:email chat:read',
      state: 'opaque state/with+chars',
      force_verify: 'true',
    });
    expect(consent.status).toBe(302);
    expect(`${consent.location?.origin}${consent.location?.pathname}`).toBe(CALLBACK);
    expect(consent.raw).toContain('scope=user%3Aread%3Aemail+chat%3Aread');
    const params = consent.location?.searchParams;
    expect(params?.get('state')).toBe('opaque state/with+chars');
    expect(params?.get('scope')).toBe('user:read:email chat:read');
    const code = params?.get('code') as string;
    expect(code).toMatch(/^[a-z0-9]{30}$/);

    const exchanged = await exchange(code);
    expect(exchanged).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^[a-z0-9]{30}$/),
        refresh_token: expect.stringMatching(/^[a-z0-9]{50}$/),
        expires_in: 14_400,
        scope: ['user:read:email', 'chat:read'],
        token_type: 'bearer',
      },
    });
    const accessToken = exchanged.body.access_token as string;

    expect(await validate(accessToken)).toEqual({
      status: 200,
      body: {
        client_id: CLIENT_ID,
        login: SIMVIEWER.login,
        user_id: SIMVIEWER.id,
        scopes: ['user:read:email', 'chat:read'],
        expires_in: 14_400,
      },
    });

    const me = await users(accessToken);
    expect(me.status).toBe(200);
    expect(me.headers.get('ratelimit-limit')).toBe('800');
    expect(me.body.data).toEqual([
      {
        id: SIMVIEWER.id,
        login: SIMVIEWER.login,
        display_name: 'SimViewer',
        type: '',
        broadcaster_type: '',
        description: expect.any(String),
        profile_image_url: expect.stringContaining(SIMVIEWER.id),
        offline_image_url: '',
        view_count: 0,
        email: SIMVIEWER.email,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it('exchanges codes sent in a form body too', async () => {
    const code = await login('');
    const { status, body } = await token(
      {
        grant_type: 'authorization_code',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        code,
        redirect_uri: CALLBACK,
      },
      true,
    );
    expect(status).toBe(200);
    expect(body.scope).toEqual([]);
  });

  it('logs in whoever setNextLogin names, broadcasters included, until changed', async () => {
    const channel = sim.world.channels[7];
    expect((await control({ action: 'setNextLogin', login: channel.login.toUpperCase() })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const { body } = await exchange(await login());
      const accessToken = body.access_token as string;
      expect((await validate(accessToken)).body).toMatchObject({ login: channel.login, user_id: channel.id });
      expect((await users(accessToken)).body.data[0]).toMatchObject({
        id: channel.id,
        display_name: channel.displayName,
        email: `${channel.login}@users.simulator.test`,
      });
    }
    expect((await control({ action: 'setNextLogin', login: 'nobody_at_all' })).status).toBe(404);
    expect(() => sim.setNextLogin('nobody_at_all')).toThrow(/No user/);
    sim.setNextLogin('simmod');
    expect((await validate((await exchange(await login())).body.access_token as string)).body).toMatchObject({
      login: 'simmod',
      user_id: '9000002',
    });
    sim.setNextLogin('simviewer');
  });

  it('denies the next consents when told to, then approves again', async () => {
    expect((await control({ action: 'denyNextConsent', count: 2 })).status).toBe(200);
    sim.denyNextConsent();
    expect((await control({ action: 'denyNextConsent', count: 0 })).status).toBe(400);
    expect((await state()).oauth.pendingDenials).toBe(3);
    for (let i = 0; i < 3; i++) {
      const denied = await authorize({
        client_id: CLIENT_ID,
        redirect_uri: CALLBACK,
        response_type: 'code',
        scope: 'user:read:email',
        state: `s${i}`,
      });
      expect(denied.status).toBe(302);
      expect(denied.raw).toBe(
        `${CALLBACK}?error=access_denied&error_description=The+user+denied+you+access&state=s${i}`,
      );
    }
    await login();
    expect((await state()).oauth.pendingDenials).toBe(0);
  });

  it('answers 400 without redirecting for a bad client_id or redirect_uri', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ redirect_uri: CALLBACK }, 'missing client_id'],
      [{ client_id: 'no-such-app', redirect_uri: CALLBACK }, 'invalid client'],
      [{ client_id: CLIENT_ID }, 'missing redirect_uri'],
      [{ client_id: CLIENT_ID, redirect_uri: '/relative/callback' }, 'does not match'],
      [{ client_id: CLIENT_ID, redirect_uri: 'javascript:alert(1)' }, 'does not match'],
      [{ client_id: CLIENT_ID, redirect_uri: 'ftp://localhost/callback' }, 'does not match'],
      [{ client_id: CLIENT_ID, redirect_uri: `${CALLBACK}#fragment` }, 'does not match'],
      // No redirect URIs registered: loopback only.
      [{ client_id: CLIENT_ID, redirect_uri: 'https://evil.example.com/callback' }, 'does not match'],
    ];
    for (const [params, message] of cases) {
      const reply = await authorize({ response_type: 'bad', scope: 'nope', ...params });
      expect([reply.status, reply.location]).toEqual([400, null]);
      expect((JSON.parse(reply.body) as { message: string }).message).toContain(message);
    }
    for (const loopback of ['http://127.0.0.1:8080/cb', 'http://[::1]:8080/cb', 'https://app.localhost/cb']) {
      expect(
        (await authorize({ client_id: CLIENT_ID, redirect_uri: loopback, response_type: 'code' })).status,
      ).toBe(302);
    }
  });

  it('accepts exactly the redirect URIs a client registered', async () => {
    const registered = 'https://tracker.example.com/auth/callback';
    expect(
      (
        await control({
          action: 'registerClient',
          clientId: 'registered-app',
          clientSecret: 'registered-secret',
          redirectUris: [registered],
        })
      ).status,
    ).toBe(200);
    expect(
      (await authorize({ client_id: 'registered-app', redirect_uri: registered, response_type: 'code' }))
        .status,
    ).toBe(302);
    for (const other of [`${registered}/`, 'https://tracker.example.com/auth/other', CALLBACK]) {
      const reply = await authorize({
        client_id: 'registered-app',
        redirect_uri: other,
        response_type: 'code',
      });
      expect([reply.status, reply.location]).toEqual([400, null]);
    }
    expect(
      (
        await control({
          action: 'registerClient',
          clientId: 'x',
          clientSecret: 'y',
          redirectUris: ['not a url'],
        })
      ).status,
    ).toBe(400);
    expect(
      (await control({ action: 'registerClient', clientId: 'x', clientSecret: 'y', redirectUris: 'a' }))
        .status,
    ).toBe(400);
  });

  it('redirects OAuth 2 errors for a bad response_type or scope, state included, and issues no code', async () => {
    const outstanding = (await state()).oauth.outstandingCodes;
    const common = { client_id: CLIENT_ID, redirect_uri: CALLBACK, state: 'keep-me' };
    const cases: [Record<string, string>, string][] = [
      [{ scope: 'chat:read' }, 'invalid_request'],
      [{ response_type: 'token', scope: 'chat:read' }, 'unsupported_response_type'],
      [{ response_type: 'code', scope: 'chat:read user:read:everything' }, 'invalid_scope'],
      [{ response_type: 'code', scope: 'CHAT:READ' }, 'invalid_scope'],
    ];
    for (const [params, error] of cases) {
      const reply = await authorize({ ...common, ...params });
      expect(reply.status).toBe(302);
      const query = reply.location?.searchParams;
      expect([query?.get('error'), query?.get('state'), query?.has('code')]).toEqual([
        error,
        'keep-me',
        false,
      ]);
      expect(query?.get('error_description')).toBeTruthy();
    }
    expect((await state()).oauth.outstandingCodes).toBe(outstanding);
  });

  it('uses a code once; a replay is refused and revokes every token the code gave', async () => {
    const code = await login();
    const first = await exchange(code);
    expect(first.status).toBe(200);
    const refreshed = await refresh(first.body.refresh_token as string);
    expect(refreshed.status).toBe(200);

    expect(await exchange(code)).toEqual({
      status: 400,
      body: { status: 400, message: 'Invalid authorization code' },
    });
    expect((await validate(first.body.access_token as string)).status).toBe(401);
    expect((await validate(refreshed.body.access_token as string)).status).toBe(401);
    expect((await users(refreshed.body.access_token as string)).status).toBe(401);
    expect((await refresh(refreshed.body.refresh_token as string)).status).toBe(400);
    expect(await exchange(code)).toMatchObject({ status: 400 });
  });

  it('expires codes after 10 minutes on the simulator clock', async () => {
    const early = await login();
    const late = await login();
    clock.advance(599_999);
    expect((await exchange(early)).status).toBe(200);
    clock.advance(1);
    expect(await exchange(late)).toEqual({
      status: 400,
      body: { status: 400, message: 'Invalid authorization code' },
    });
  });

  it('binds a code to its client and redirect_uri; a mismatch does not use it up', async () => {
    const otherCallback = 'http://localhost:3000/other';
    const code = await login('chat:read', CALLBACK);
    expect(await exchange(code, otherCallback)).toEqual({
      status: 400,
      body: { status: 400, message: 'Parameter redirect_uri does not match registered URI' },
    });
    sim.registerClient('second-app', 'second-secret');
    expect(await exchange(code, CALLBACK, 'second-app', 'second-secret')).toEqual({
      status: 400,
      body: { status: 400, message: 'Invalid authorization code' },
    });
    expect(await exchange(code, CALLBACK, CLIENT_ID, 'wrong-secret')).toEqual({
      status: 400,
      body: { status: 400, message: 'invalid client secret' },
    });
    expect((await exchange(code, CALLBACK, CLIENT_ID, CLIENT_SECRET)).status).toBe(200);
    expect((await exchange('0'.repeat(30))).status).toBe(400);
    expect(
      (await token({ grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }))
        .body,
    ).toEqual({ status: 400, message: 'missing code' });
  });

  it('rotates refresh tokens: the new pair works, the old refresh token does not', async () => {
    const first = (await exchange(await login('user:read:email moderator:read:chatters'))).body;
    clock.advance(3_600_000);
    const second = await refresh(first.refresh_token as string);
    expect(second).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^[a-z0-9]{30}$/),
        refresh_token: expect.stringMatching(/^[a-z0-9]{50}$/),
        expires_in: 14_400,
        scope: ['user:read:email', 'moderator:read:chatters'],
        token_type: 'bearer',
      },
    });
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await validate(second.body.access_token as string)).body).toMatchObject({
      login: SIMVIEWER.login,
      expires_in: 14_400,
    });
    // The earlier access token lives out its own lifetime.
    expect((await validate(first.access_token as string)).body).toMatchObject({ expires_in: 10_800 });

    expect(await refresh(first.refresh_token as string)).toEqual({
      status: 400,
      body: { status: 400, message: 'Invalid refresh token' },
    });
    expect((await refresh(second.body.refresh_token as string, 'second-app', 'second-secret')).status).toBe(
      400,
    );
    expect((await refresh(second.body.refresh_token as string)).status).toBe(200);
    expect((await token({ grant_type: 'password', client_id: CLIENT_ID })).body).toEqual({
      status: 400,
      message: 'unsupported_grant_type',
    });
  });

  it('shows the email only with user:read:email, and only the token user’s', async () => {
    const plain = (await exchange(await login('chat:read'))).body.access_token as string;
    const [self] = (await users(plain)).body.data;
    expect(self).toMatchObject({ id: SIMVIEWER.id, login: SIMVIEWER.login });
    expect(self).not.toHaveProperty('email');

    const withEmail = (await exchange(await login('user:read:email'))).body.access_token as string;
    const channel = sim.world.channels[3];
    const { status, body } = await users(
      withEmail,
      `?login=${channel.login}&id=${SIMVIEWER.id}&login=simadmin`,
    );
    expect(status).toBe(200);
    const byLogin = new Map(body.data.map((user) => [user.login, user]));
    expect([...byLogin.keys()].sort()).toEqual([channel.login, 'simadmin', SIMVIEWER.login].sort());
    expect(byLogin.get(SIMVIEWER.login)?.email).toBe(SIMVIEWER.email);
    expect(byLogin.get(channel.login)).not.toHaveProperty('email');
    expect(byLogin.get('simadmin')).toMatchObject({ id: '9000003', display_name: 'SimAdmin' });
    expect(byLogin.get('simadmin')).not.toHaveProperty('email');
  });

  it('issues user tokens in process, and keeps one rate-limit bucket per user', async () => {
    expect(() => sim.issueUserToken('nobody_at_all')).toThrow(/Unknown user/);
    expect(() => sim.issueUserToken('simviewer', ['chat:read', 'made:up'])).toThrow(/Unknown scope/);
    const viewer = sim.issueUserToken('simviewer', ['chat:read'], CLIENT_ID);
    expect((await validate(viewer)).body).toEqual({
      client_id: CLIENT_ID,
      login: 'simviewer',
      user_id: SIMVIEWER.id,
      scopes: ['chat:read'],
      expires_in: 14_400,
    });

    sim.setRateLimit(3);
    try {
      const viewerAgain = sim.issueUserToken('simviewer', [], CLIENT_ID);
      const admin = sim.issueUserToken('simadmin', [], CLIENT_ID);
      const remaining = async (accessToken: string) =>
        (await users(accessToken)).headers.get('ratelimit-remaining');
      expect(await remaining(viewer)).toBe('2');
      expect(await remaining(viewerAgain)).toBe('1');
      expect(await remaining(admin)).toBe('2');
      expect(await remaining(viewer)).toBe('0');
      expect((await users(viewerAgain)).status).toBe(429);
      expect((await users(admin)).status).toBe(200);
    } finally {
      sim.setRateLimit(800);
    }
  });

  it('reports the consent switch and codes in /sim/state', async () => {
    sim.setNextLogin('simadmin');
    const { oauth } = await state();
    expect(oauth).toEqual({
      nextLogin: 'simadmin',
      pendingDenials: 0,
      outstandingCodes: expect.any(Number),
      wellKnownLogins: ['simviewer', 'simmod', 'simadmin'],
    });
    await login();
    expect((await state()).oauth.outstandingCodes).toBe(oauth.outstandingCodes + 1);
    sim.setNextLogin('simviewer');
  });

  async function state(): Promise<SimulatorState> {
    return (await (await fetch(`${base}/sim/state`)).json()) as SimulatorState;
  }
});
