import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import { TwitchSimulator } from './simulator-server';

describe('TwitchSimulator OAuth', () => {
  const clock = new ManualClock();
  const sim = new TwitchSimulator({
    clock,
    appTokenTtlSeconds: 3600,
    clients: { 'other-app': 'other-secret' },
  });
  let base: string;

  beforeAll(async () => {
    base = `http://127.0.0.1:${await sim.listen()}`;
  });
  afterAll(() => sim.close());

  async function post(
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${base}${path}`, { method: 'POST', ...init });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  async function appToken(
    clientId = 'embedded-client-id',
    secret = 'embedded-client-secret',
  ): Promise<string> {
    const { status, body } = await post(
      `/auth/token?grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`,
    );
    expect(status).toBe(200);
    return body.access_token as string;
  }

  async function helix(token: string | null, clientId: string | null = 'embedded-client-id') {
    const headers: Record<string, string> = {};
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (clientId !== null) headers['Client-Id'] = clientId;
    const response = await fetch(`${base}/mock/streams?first=1`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function validate(token: string) {
    return fetch(`${base}/auth/validate`, { headers: { Authorization: `OAuth ${token}` } });
  }

  it('issues app tokens for client credentials in the query string, like Twitch', async () => {
    const { status, body } = await post(
      '/auth/token?grant_type=client_credentials&client_id=embedded-client-id&client_secret=embedded-client-secret',
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[a-z0-9]{30}$/),
      expires_in: 3600,
      token_type: 'bearer',
    });
    expect((await helix(body.access_token as string)).status).toBe(200);
  });

  it('also accepts a form body, and clients registered later', async () => {
    sim.registerClient('late-app', 'late-secret');
    const { status, body } = await post('/auth/token', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=late-app&client_secret=late-secret',
    });
    expect(status).toBe(200);
    expect((await helix(body.access_token as string, 'late-app')).status).toBe(200);
  });

  it('refuses wrong credentials and grants it does not support', async () => {
    const wrong = await post(
      '/auth/token?grant_type=client_credentials&client_id=embedded-client-id&client_secret=nope',
    );
    expect(wrong).toEqual({ status: 400, body: { status: 400, message: 'invalid client secret' } });
    const unknown = await post('/auth/token?grant_type=client_credentials&client_id=who&client_secret=x');
    expect(unknown.status).toBe(400);
    const grant = await post('/auth/token?grant_type=password&client_id=embedded-client-id');
    expect(grant).toEqual({ status: 400, body: { status: 400, message: 'unsupported_grant_type' } });
    expect((await post('/auth/token')).status).toBe(400);
  });

  it('validates tokens: client id, empty scopes and expiry for app tokens; 401 otherwise', async () => {
    const token = await appToken();
    const ok = await validate(token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ client_id: 'embedded-client-id', scopes: [], expires_in: 3600 });
    const bad = await validate('0123456789abcdefghij0123456789');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ status: 401, message: 'invalid access token' });
    expect((await fetch(`${base}/auth/validate`)).status).toBe(401);
  });

  it('requires Client-Id and a Bearer token of the same client on Helix', async () => {
    const token = await appToken();
    expect(await helix(null)).toEqual({
      status: 401,
      body: { error: 'Unauthorized', status: 401, message: 'OAuth token is missing' },
    });
    expect((await helix(token, null)).status).toBe(401);
    expect((await helix('0123456789abcdefghij0123456789')).status).toBe(401);
    expect((await helix(token, 'other-app')).status).toBe(401);
    const other = await appToken('other-app', 'other-secret');
    expect((await helix(other, 'other-app')).status).toBe(200);
  });

  it('revokes tokens', async () => {
    const token = await appToken();
    expect((await post(`/auth/revoke?client_id=other-app&token=${token}`)).status).toBe(403);
    expect((await post(`/auth/revoke?client_id=embedded-client-id&token=${token}`)).status).toBe(200);
    expect((await helix(token)).status).toBe(401);
    expect((await validate(token)).status).toBe(401);
    expect((await post(`/auth/revoke?client_id=embedded-client-id&token=${token}`)).status).toBe(400);
  });

  it('expires tokens on the simulator clock', async () => {
    const token = await appToken();
    clock.advance(3599_000);
    expect(await (await validate(token)).json()).toMatchObject({ expires_in: 1 });
    expect((await helix(token)).status).toBe(200);
    clock.advance(1000);
    expect((await validate(token)).status).toBe(401);
    expect((await helix(token)).status).toBe(401);
    expect(sim.stats.tokensIssued).toBeGreaterThan(5);
  });
});
