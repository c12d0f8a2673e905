import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type AppHarness, startApp } from '../support/app-harness';

const DASHBOARD = 'http://dashboard.test:5173';
const EVIL = 'https://evil.example.com';

const preflight = (url: string, origin: string) =>
  fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });

const post = (harness: AppHarness, origin: string) =>
  fetch(`${harness.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${harness.adminToken}` },
    body: JSON.stringify({ query: '{ me { login } }' }),
  });

type Outcome = { connected: true } | { connected: false; code: number; reason: string };

/** Opens a graphql-ws connection with `origin` (none when undefined) and reports how it went. */
async function connectFrom(harness: AppHarness, origin: string | undefined): Promise<Outcome> {
  class BrowserLikeSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, origin === undefined ? {} : { origin });
    }
  }
  let client: Client | undefined;
  const outcome = await new Promise<Outcome>((resolve) => {
    client = createClient({
      url: `${harness.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: BrowserLikeSocket,
      connectionParams: { Authorization: `Bearer ${harness.adminToken}` },
      retryAttempts: 0,
      lazy: false,
      on: {
        connected: () => resolve({ connected: true }),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          resolve({ connected: false, code, reason: String(reason) });
        },
      },
      onNonLazyError: () => undefined,
    });
  });
  await client?.dispose();
  return outcome;
}

describe('CORS_ORIGINS set', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startApp({ CORS_ORIGINS: `${DASHBOARD}, https://other.test` });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('answers a preflight from a listed origin with the allow headers', async () => {
    const response = await preflight(harness.url, DASHBOARD);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('lets a listed origin read a GraphQL answer', async () => {
    const response = await post(harness, DASHBOARD);
    expect(response.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(await response.json()).toEqual({ data: { me: { login: 'simadmin' } } });
  });

  it('gives another origin no allow header, on a preflight or an answer', async () => {
    const refused = await preflight(harness.url, EVIL);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-methods')).toBeNull();
    expect(refused.headers.get('access-control-allow-headers')).toBeNull();
    const answer = await post(harness, EVIL);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a WebSocket from another origin with 4403', async () => {
    const outcome = await connectFrom(harness, EVIL);
    expect(outcome).toMatchObject({
      connected: false,
      code: 4403,
      reason: expect.stringMatching(/^Forbidden/),
    });
  });

  it('refuses a WebSocket whose Origin is "null" (a sandboxed page)', async () => {
    expect(await connectFrom(harness, 'null')).toMatchObject({ connected: false, code: 4403 });
  });

  it('accepts a WebSocket from a listed origin, from the service itself and without Origin', async () => {
    expect(await connectFrom(harness, DASHBOARD)).toEqual({ connected: true });
    expect(await connectFrom(harness, harness.url)).toEqual({ connected: true });
    expect(await connectFrom(harness, undefined)).toEqual({ connected: true });
  });
});

describe('CORS_ORIGINS unset (the default)', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startApp({ CORS_ORIGINS: '' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('gives no origin any CORS header', async () => {
    for (const origin of [DASHBOARD, EVIL]) {
      const response = await preflight(harness.url, origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
      expect((await post(harness, origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
    const health = await fetch(`${harness.url}/health`, { headers: { origin: DASHBOARD } });
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts WebSockets from the service itself and without Origin only', async () => {
    expect(await connectFrom(harness, DASHBOARD)).toMatchObject({ connected: false, code: 4403 });
    expect(await connectFrom(harness, harness.url)).toEqual({ connected: true });
    expect(await connectFrom(harness, undefined)).toEqual({ connected: true });
  });
});
