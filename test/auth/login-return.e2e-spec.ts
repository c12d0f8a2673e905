import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OAuthStateService } from '../../src/auth/oauth-state.service';
import { type AuthConfig, authConfig } from '../../src/config';
import { ModeratorCredentials } from '../../src/twitch/moderator-credentials';
import { type AppHarness, graphql, logInRaw, logInThroughCallback, startApp } from '../support/app-harness';

const ME = '{ me { login } }';

/** The Location of a redirect, split where the browser would: path and query, and the fragment's fields. */
function landing(response: Response): { page: string; fragment: Record<string, string> } {
  expect(response.status).toBe(302);
  const location = response.headers.get('location')!;
  const hash = location.indexOf('#');
  expect(hash).toBeGreaterThan(0);
  return {
    page: location.slice(0, hash),
    fragment: Object.fromEntries(new URLSearchParams(location.slice(hash + 1))),
  };
}

function expectPrivate(response: Response): void {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('Log in and return to a page (returnTo)', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startApp();
  });

  afterAll(async () => {
    await harness?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const start = (returnTo: string) =>
    fetch(`${harness.url}/auth/twitch?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });

  it.each(['/', '/map?range=24h&minCount=2', '/channels/foo'])('accepts returnTo=%s', async (returnTo) => {
    const response = await start(returnTo);
    expect(response.status).toBe(302);
    expect(response.headers.get('set-cookie')).toMatch(/^tmt_oauth_state=/);
  });

  describe('refuses a returnTo that is not a path on this service, and issues no state', () => {
    it.each([
      ['//evil.com'],
      ['/\\evil.com'],
      ['https://evil.com'],
      ['javascript:alert(1)'],
      ['/%0d%0aSet-Cookie:x'],
      [' /x'],
      ['/x\ny'],
      ['/channels/foo#x'],
      ['/%2F%2Fevil.com'],
      [`/${'a'.repeat(2999)}`],
    ])('%j', async (returnTo) => {
      const issue = jest.spyOn(harness.app.get(OAuthStateService), 'issue');
      const response = await start(returnTo);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(((await response.json()) as { message: string[] }).message).toContainEqual(
        expect.stringMatching(/^returnTo must be a path on this service/),
      );
      expect(issue).not.toHaveBeenCalled();
    });

    it('sent unencoded, with a raw CR LF, or given twice', async () => {
      const issue = jest.spyOn(harness.app.get(OAuthStateService), 'issue');
      for (const query of [
        'returnTo=/%0d%0aSet-Cookie:x',
        'returnTo=//evil.com',
        'returnTo=/a&returnTo=/b',
      ]) {
        const response = await fetch(`${harness.url}/auth/twitch?${query}`, { redirect: 'manual' });
        expect(response.status).toBe(400);
      }
      expect(issue).not.toHaveBeenCalled();
    });
  });

  it('ends on the page with the token in the fragment only, and the token works', async () => {
    harness.simulator.setNextLogin('simviewer');
    const response = await logInThroughCallback(harness.url, { returnTo: '/map?range=24h&minCount=2' });
    const { page, fragment } = landing(response);
    expect(page).toBe('/map?range=24h&minCount=2');
    expect(fragment).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: '3600' });
    expectPrivate(response);
    expect(await response.text()).not.toContain(fragment.access_token);
    const me = await graphql<{ me: { login: string } }>(harness.url, ME, {}, fragment.access_token);
    expect(me).toEqual({ data: { me: { login: 'simviewer' } } });
  });

  it('keeps the moderator flag', async () => {
    harness.simulator.setNextLogin('simadmin');
    const response = await logInThroughCallback(harness.url, { returnTo: '/admin', asModerator: true });
    expect(landing(response).page).toBe('/admin');
    expect(harness.app.get(ModeratorCredentials).grant?.origin).toBe('simadmin (administrator login)');
  });

  it('returns a denied consent to the page as #error', async () => {
    harness.simulator.denyNextConsent();
    const response = await logInThroughCallback(harness.url, { returnTo: '/channels/foo' });
    const { page, fragment } = landing(response);
    expect(page).toBe('/channels/foo');
    expect(fragment).toEqual({
      error: 'access_denied',
      error_description: 'Twitch did not authorize the login: access_denied',
    });
    expectPrivate(response);
  });

  it('returns a code Twitch refuses to the page as #error', async () => {
    harness.simulator.setNextLogin('simviewer');
    const response = await logInThroughCallback(harness.url, {
      returnTo: '/',
      tamper: (callback) => callback.searchParams.set('code', 'not-a-code-twitch-issued'),
    });
    const { page, fragment } = landing(response);
    expect(page).toBe('/');
    expect(fragment.error).toBe('invalid_grant');
    expect(fragment.error_description).toEqual(expect.any(String));
    expect(fragment.access_token).toBeUndefined();
  });

  it('returns Twitch failing to the page as #error', async () => {
    harness.simulator.setNextLogin('simviewer');
    harness.simulator.failNext({ count: 10, status: 503, pathPrefix: '/users' });
    const response = await logInThroughCallback(harness.url, { returnTo: '/' }).finally(() =>
      harness.simulator.clearFaults(),
    );
    const { fragment } = landing(response);
    expect(fragment.error).toBe('temporarily_unavailable');
    expect(fragment.error_description).toEqual(expect.any(String));
    expect(fragment.access_token).toBeUndefined();
  });

  it('answers a forged state with 401 JSON: only a state that checks out chooses where to go', async () => {
    harness.simulator.setNextLogin('simviewer');
    const response = await logInThroughCallback(harness.url, {
      returnTo: '/',
      tamper: (callback) => callback.searchParams.set('state', 'forged-state-value'),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
  });

  it('still answers JSON without returnTo', async () => {
    harness.simulator.setNextLogin('simviewer');
    const { status, body } = await logInRaw(harness.url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { login: 'simviewer' } });
  });
});

describe('returnTo beside AUTH_SUCCESS_REDIRECT', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    // Set once the harness has logged its administrator in (which reads the JSON answer).
    harness = await startApp();
    harness.app.get<AuthConfig>(authConfig.KEY).successRedirect = 'https://dashboard.example.com/logged-in';
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('uses AUTH_SUCCESS_REDIRECT without returnTo, and returnTo when given', async () => {
    harness.simulator.setNextLogin('simviewer');
    const plain = landing(await logInThroughCallback(harness.url));
    expect(plain.page).toBe('https://dashboard.example.com/logged-in');
    expect(plain.fragment.access_token).toEqual(expect.any(String));
    expect(await graphql(harness.url, ME, {}, plain.fragment.access_token)).toEqual({
      data: { me: { login: 'simviewer' } },
    });
    harness.simulator.setNextLogin('simviewer');
    const returned = landing(await logInThroughCallback(harness.url, { returnTo: '/map' }));
    expect(returned.page).toBe('/map');
    expect(returned.fragment.token_type).toBe('Bearer');
  });
});
