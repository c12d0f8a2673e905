import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { TwitchConfig } from '../config';
import { TwitchSimulator } from '../simulator/simulator-server';
import { ConfiguredTokenCredentials, ModeratorCredentials } from './moderator-credentials';
import { TwitchCalls } from './twitch-calls';
import { ChattersForbiddenError, ModeratorTokenRefusedError } from './twitch-chatters.port';
import { TwurpleChattersAdapter } from './twurple-chatters.adapter';

describe('TwurpleChattersAdapter against the simulator', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
  // Short-lived user tokens, so that a test can outlive one.
  const simulator = new TwitchSimulator({ seed: 5, clock, channels: 600, userTokenTtlSeconds: 120 });
  const savedPort = process.env.TWURPLE_MOCK_API_PORT;
  const configWith = (moderatorToken?: string) =>
    ({
      clientId: 'embedded-client-id',
      clientSecret: 'embedded-client-secret',
      moderatorToken,
      timeoutMs: 10_000,
    }) as TwitchConfig;
  const adapterFor = (login: string) => {
    const config = configWith(simulator.issueUserToken(login, ['moderator:read:chatters']));
    return new TwurpleChattersAdapter(config, new ModeratorCredentials(config), new TwitchCalls(config));
  };

  beforeAll(async () => {
    process.env.TWURPLE_MOCK_API_PORT = String(await simulator.listen());
    simulator.advanceClock(60_000);
  });

  afterAll(async () => {
    await simulator.close();
    process.env.TWURPLE_MOCK_API_PORT = savedPort;
  });

  it('joins every page of a big room into one complete list', async () => {
    const top = simulator.liveStreams()[0];
    const poll = await adapterFor('simmod').poll(top.userId);
    expect(poll.total).toBeGreaterThan(1000);
    expect(poll.logins).toHaveLength(poll.total);
    expect(new Set(poll.logins).size).toBe(poll.total);
    expect(poll.complete).toBe(true);
  });

  it('refuses a token whose user does not moderate the channel', async () => {
    const channel = simulator.liveStreams()[3];
    await expect(adapterFor('simviewer').poll(channel.userId)).rejects.toBeInstanceOf(ChattersForbiddenError);
  });

  it('switches to credentials handed over at run time', async () => {
    const config = configWith(simulator.issueUserToken('simviewer', ['moderator:read:chatters']));
    const credentials = new ModeratorCredentials(config);
    const adapter = new TwurpleChattersAdapter(config, credentials, new TwitchCalls(config));
    const channel = simulator.liveStreams()[2];
    await expect(adapter.poll(channel.userId)).rejects.toBeInstanceOf(ChattersForbiddenError);
    const before = adapter.revision;

    const grant = simulator.issueUserGrant('simmod', ['moderator:read:chatters']);
    credentials.use({ ...grant, origin: 'simmod' });
    expect(adapter.revision).not.toBe(before);
    const poll = await adapter.poll(channel.userId);
    expect(poll.logins.length).toBeGreaterThan(0);
  });

  it('refreshes a granted token once Twitch refuses it as expired', async () => {
    const config = configWith();
    const credentials = new ModeratorCredentials(config);
    expect(new TwurpleChattersAdapter(config, credentials, new TwitchCalls(config)).available).toBe(false);
    const grant = simulator.issueUserGrant('simmod', ['moderator:read:chatters']);
    credentials.use({ ...grant, origin: 'simmod' });
    const adapter = new TwurpleChattersAdapter(config, credentials, new TwitchCalls(config));
    const channel = simulator.liveStreams()[1];
    await adapter.poll(channel.userId);

    simulator.advanceClock(5 * 60_000);
    const validate = await fetch(`${simulator.url}/auth/validate`, {
      headers: { Authorization: `OAuth ${grant.accessToken}` },
    });
    expect(validate.status).toBe(401);
    const poll = await adapter.poll(channel.userId);
    expect(poll.complete).toBe(true);
    expect(poll.logins.length).toBeGreaterThan(0);
  });

  it('stops using a token Twitch refuses, without asking again, until a new grant arrives', async () => {
    const config = configWith('garbage');
    const credentials = new ModeratorCredentials(config);
    const adapter = new TwurpleChattersAdapter(config, credentials, new TwitchCalls(config));
    const channel = simulator.liveStreams()[4];
    expect(adapter.available).toBe(true);
    const before = adapter.revision;

    const refused = adapter.poll(channel.userId);
    await expect(refused).rejects.toBeInstanceOf(ModeratorTokenRefusedError);
    await expect(refused).rejects.toThrow(/401/);
    expect(adapter.available).toBe(false);
    expect(adapter.revision).not.toBe(before);
    expect(credentials.refusal).toMatch(/401/);
    expect(credentials.refusal).not.toContain('garbage');

    const authRequests = simulator.stats.authRequests;
    await expect(adapter.poll(channel.userId)).rejects.toBeInstanceOf(ModeratorTokenRefusedError);
    expect(simulator.stats.authRequests).toBe(authRequests);

    credentials.use({ ...simulator.issueUserGrant('simmod', ['moderator:read:chatters']), origin: 'simmod' });
    expect(adapter.available).toBe(true);
    expect(credentials.refusal).toBeUndefined();
    expect((await adapter.poll(channel.userId)).logins.length).toBeGreaterThan(0);
  });

  it('refreshes a grant whose token expired before its first use instead of refusing it', async () => {
    const config = configWith();
    const credentials = new ModeratorCredentials(config);
    credentials.use({ ...simulator.issueUserGrant('simmod', ['moderator:read:chatters']), origin: 'simmod' });
    simulator.advanceClock(5 * 60_000);
    const adapter = new TwurpleChattersAdapter(config, credentials, new TwitchCalls(config));
    const poll = await adapter.poll(simulator.liveStreams()[1].userId);
    expect(poll.logins.length).toBeGreaterThan(0);
    expect(adapter.available).toBe(true);
  });

  it('refuses a grant whose refresh token is refused too', async () => {
    const config = configWith();
    const credentials = new ModeratorCredentials(config);
    credentials.use({ accessToken: 'revoked-access', refreshToken: 'revoked-refresh', origin: 'someone' });
    const adapter = new TwurpleChattersAdapter(config, credentials, new TwitchCalls(config));
    await expect(adapter.poll(simulator.liveStreams()[1].userId)).rejects.toBeInstanceOf(
      ModeratorTokenRefusedError,
    );
    expect(credentials.refusal).toMatch(/refresh token/);
  });

  it('says nothing about the token when Twitch cannot be reached', async () => {
    const config = configWith(simulator.issueUserToken('simmod', ['moderator:read:chatters']));
    const credentials = new ModeratorCredentials(config);
    const adapter = new TwurpleChattersAdapter(config, credentials, new TwitchCalls(config));
    const saved = process.env.TWURPLE_MOCK_API_PORT;
    process.env.TWURPLE_MOCK_API_PORT = '1';
    try {
      await expect(adapter.poll(simulator.liveStreams()[1].userId)).rejects.not.toBeInstanceOf(
        ModeratorTokenRefusedError,
      );
    } finally {
      process.env.TWURPLE_MOCK_API_PORT = saved;
    }
    expect(adapter.available).toBe(true);
    expect((await adapter.poll(simulator.liveStreams()[1].userId)).logins.length).toBeGreaterThan(0);
  });

  it('polls each channel with a token whose user moderates it, over several moderator tokens', async () => {
    const [first, second, third] = simulator.liveStreams().slice(5, 8);
    // simviewer moderates the first channel, an offline broadcaster the second; nobody but simmod the third.
    const other = simulator.world.channels.find((channel) => !simulator.world.isLive(channel))!;
    simulator.setModerator('simviewer', first.userLogin);
    simulator.setModerator(other.login, second.userLogin);
    const config = configWith(simulator.issueUserToken('simviewer', ['moderator:read:chatters']));
    const extra = [
      new ConfiguredTokenCredentials({ accessToken: 'garbage', origin: 'refused' }),
      new ConfiguredTokenCredentials({
        accessToken: simulator.issueUserToken(other.login, ['moderator:read:chatters']),
        origin: 'other',
      }),
    ];
    const adapter = new TwurpleChattersAdapter(
      config,
      new ModeratorCredentials(config),
      new TwitchCalls(config),
      extra,
    );
    expect([...adapter.budgets.keys()]).toEqual(['moderator-1', 'moderator-2', 'moderator-3']);

    expect((await adapter.poll(first.userId)).logins.length).toBeGreaterThan(0);
    expect((await adapter.poll(second.userId)).logins.length).toBeGreaterThan(0);
    expect(adapter.moderatorFor(first.userId)).toBe('moderator-1');
    expect(adapter.moderatorFor(second.userId)).toBe('moderator-3');
    // The garbage token was refused on the way and is left out; the others go on.
    expect(extra[0].refusal).toMatch(/invalid|401|refused/i);
    expect([...adapter.budgets.keys()]).toEqual(['moderator-1', 'moderator-3']);
    expect(adapter.available).toBe(true);
    await expect(adapter.poll(third.userId)).rejects.toBeInstanceOf(ChattersForbiddenError);
    expect(adapter.moderatorFor(third.userId)).toBeNull();
  });
});
