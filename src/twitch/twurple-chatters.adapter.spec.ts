import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { TwitchConfig } from '../config';
import { TwitchSimulator } from '../simulator/simulator-server';
import { ChattersForbiddenError } from './twitch-chatters.port';
import { TwurpleChattersAdapter } from './twurple-chatters.adapter';

describe('TwurpleChattersAdapter against the simulator', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
  const simulator = new TwitchSimulator({ seed: 5, clock, channels: 600 });
  const savedPort = process.env.TWURPLE_MOCK_API_PORT;
  const adapterFor = (login: string) =>
    new TwurpleChattersAdapter({
      clientId: 'embedded-client-id',
      clientSecret: 'embedded-client-secret',
      moderatorToken: simulator.issueUserToken(login, ['moderator:read:chatters']),
    } as TwitchConfig);

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
});
