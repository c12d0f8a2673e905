import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient } from '@twurple/api';
import {
  exchangeCode,
  getTokenInfo,
  InvalidTokenError,
  refreshUserToken,
  StaticAuthProvider,
} from '@twurple/auth';
import { ManualClock } from '../common/clock';
import { TwitchSimulator } from './simulator-server';

const CLIENT_ID = 'login-app';
const CLIENT_SECRET = 'login-secret';
const REDIRECT_URI = 'http://localhost:4000/auth/twitch/callback';

/** "Log in with Twitch" as the product does it: the browser leg with fetch, every other call via @twurple. */
describe('TwitchSimulator OAuth with @twurple/auth', () => {
  const sim = new TwitchSimulator({
    seed: 5,
    clock: new ManualClock(),
    clients: { [CLIENT_ID]: CLIENT_SECRET },
  });

  beforeAll(async () => {
    // @twurple reads this at every call; tests may touch process.env.
    process.env.TWURPLE_MOCK_API_PORT = String(await sim.listen());
  });
  afterAll(async () => {
    delete process.env.TWURPLE_MOCK_API_PORT;
    await sim.close();
  });

  /** What the browser does: follow the consent page's redirect back to the callback with the code. */
  async function consent(scopes: string[]): Promise<string> {
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: scopes.join(' '),
      state: 'csrf-123',
    });
    const response = await fetch(`${sim.url}/auth/authorize?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location') ?? '');
    expect(callback.searchParams.get('state')).toBe('csrf-123');
    return callback.searchParams.get('code') ?? '';
  }

  it('exchanges the code, validates the token and reads the user through ApiClient', async () => {
    const scopes = ['user:read:email', 'moderator:read:chatters'];
    const token = await exchangeCode(CLIENT_ID, CLIENT_SECRET, await consent(scopes), REDIRECT_URI);
    expect(token).toMatchObject({
      accessToken: expect.stringMatching(/^[a-z0-9]{30}$/),
      refreshToken: expect.stringMatching(/^[a-z0-9]{50}$/),
      scope: scopes,
      expiresIn: 14_400,
    });

    const info = await getTokenInfo(token.accessToken);
    expect([info.clientId, info.userId, info.userName, info.scopes]).toEqual([
      CLIENT_ID,
      '9000001',
      'simviewer',
      scopes,
    ]);

    const api = new ApiClient({
      authProvider: new StaticAuthProvider(CLIENT_ID, token.accessToken),
      logger: { minLevel: 'critical' },
    });
    const me = await api.users.getUserById('9000001');
    expect([me?.name, me?.displayName]).toEqual(['simviewer', 'SimViewer']);
    const channel = sim.world.channels[11];
    expect((await api.users.getUserById(channel.id))?.name).toBe(channel.login);
    const privileged = await api.users.getAuthenticatedUser('9000001', true);
    expect(privileged.email).toBe('simviewer@users.simulator.test');
  });

  it('refreshes with rotation, and refuses a used code and a rotated refresh token', async () => {
    sim.setNextLogin('simmod');
    const code = await consent(['chat:read']);
    const first = await exchangeCode(CLIENT_ID, CLIENT_SECRET, code, REDIRECT_URI);
    expect((await getTokenInfo(first.accessToken)).userName).toBe('simmod');

    const second = await refreshUserToken(CLIENT_ID, CLIENT_SECRET, first.refreshToken ?? '');
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await getTokenInfo(second.accessToken)).scopes).toEqual(['chat:read']);
    await expect(refreshUserToken(CLIENT_ID, CLIENT_SECRET, first.refreshToken ?? '')).rejects.toMatchObject({
      statusCode: 400,
      body: expect.stringContaining('Invalid refresh token'),
    });

    const replay = exchangeCode(CLIENT_ID, CLIENT_SECRET, code, REDIRECT_URI);
    await expect(replay).rejects.toMatchObject({
      statusCode: 400,
      body: expect.stringContaining('Invalid authorization code'),
    });
    await expect(getTokenInfo(second.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    sim.setNextLogin('simviewer');
  });
});
