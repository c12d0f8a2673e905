import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider } from '@twurple/auth';
import { EventWaiters } from '../../test/support/event-waiters';
import { waitFor } from '../../test/support/wait-for';
import { ManualClock } from '../common/clock';
import type { TwitchConfig } from '../config';
import { EMBEDDED_CLIENT_ID, EMBEDDED_CLIENT_SECRET } from '../simulator/auth-tokens';
import { TwitchSimulator } from '../simulator/simulator-server';
import { TwitchCalls } from './twitch-calls';
import type { RaidEvent } from './twitch-raids.port';
import { TwurpleConduitRaidsAdapter } from './twurple-conduit-raids.adapter';

const config = {
  clientId: EMBEDDED_CLIENT_ID,
  clientSecret: EMBEDDED_CLIENT_SECRET,
  timeoutMs: 10_000,
} as TwitchConfig;

describe('TwurpleConduitRaidsAdapter against the simulator', () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 6, 12));
  const simulator = new TwitchSimulator({ seed: 11, clock, channels: 300, audienceScale: 0.2 });
  const savedPort = process.env.TWURPLE_MOCK_API_PORT;
  const adapters: TwurpleConduitRaidsAdapter[] = [];
  const raids: RaidEvent[] = [];
  const waiters = new EventWaiters();
  const appApi = () =>
    new ApiClient({ authProvider: new AppTokenAuthProvider(config.clientId, config.clientSecret) });
  const adapter = () => {
    const created = new TwurpleConduitRaidsAdapter(config, new TwitchCalls(config), clock);
    created.subscribe((raid) => {
      raids.push(raid);
      waiters.wake();
    });
    adapters.push(created);
    return created;
  };
  const raidInto = (target: string) =>
    waiters.until(
      () => raids.find((raid) => raid.toLogin === target),
      10_000,
      () => `a raid into ${target}; got ${JSON.stringify(raids)}`,
    );
  let logins: string[];
  const id = (login: string) => simulator.world.findChannelByLogin(login)!.id;

  beforeAll(async () => {
    process.env.TWURPLE_MOCK_API_PORT = String(await simulator.listen());
    logins = simulator
      .liveStreams()
      .slice(0, 6)
      .map((stream) => stream.userLogin);
  });
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((created) => created.close()));
    raids.length = 0;
  });
  afterAll(async () => {
    await simulator.close();
    process.env.TWURPLE_MOCK_API_PORT = savedPort;
  });

  it('follows raids into any channel through a conduit with the app token, beyond the WebSocket cost of 10', async () => {
    const raidsPort = adapter();
    const followed = simulator
      .liveStreams()
      .slice(10, 30)
      .map((stream) => stream.userLogin);
    for (const login of followed) await raidsPort.follow(id(login), login);
    await waitFor(() => raidsPort.connected, 'the shard connection');
    const [raider, target] = [logins[0], followed[19]];
    simulator.raid(raider, target);
    const raid = await raidInto(target);
    expect(raid).toMatchObject({ fromLogin: raider, toLogin: target, at: clock.now() });
    expect(raid.viewers).toBeGreaterThan(0);
    // Raids into channels not followed do not come.
    simulator.raid(logins[1], logins[2]);
    simulator.raid(logins[3], followed[0]);
    await raidInto(followed[0]);
    expect(raids.some((event) => event.toLogin === logins[2])).toBe(false);

    await raidsPort.unfollow(followed[0]);
    simulator.raid(logins[4], followed[0]);
    simulator.raid(logins[4], followed[1]);
    await raidInto(followed[1]);
    expect(raids.filter((event) => event.toLogin === followed[0])).toHaveLength(1);
  });

  it('keeps its subscriptions through a dropped connection and a session_reconnect', async () => {
    const raidsPort = adapter();
    const target = logins[5];
    await raidsPort.follow(id(target), target);
    await waitFor(() => raidsPort.connected, 'the shard connection');
    const enabled = simulator.state().eventSub.enabledSubscriptions;

    simulator.dropEventSubConnections();
    await waitFor(() => !raidsPort.connected, 'the drop to reach the adapter');
    // The socket reconnects after a second and its new session is assigned to the shard.
    await waitFor(() => raidsPort.connected, 'a new session serving the shard', { timeoutMs: 10_000 });
    simulator.raid(logins[0], target);
    await raidInto(target);
    expect(simulator.state().eventSub.enabledSubscriptions).toBe(enabled);

    raids.length = 0;
    simulator.reconnectEventSub();
    await waitFor(() => simulator.state().eventSub.reconnecting === 0, 'the move to the reconnect URL');
    simulator.raid(logins[1], target);
    expect(await raidInto(target)).toMatchObject({ fromLogin: logins[1] });
  });

  it('takes up the conduit and subscriptions of an earlier run instead of creating them again', async () => {
    const first = adapter();
    await first.follow(id(logins[2]), logins[2]);
    await first.close();
    const enabled = simulator.state().eventSub.enabledSubscriptions;

    const second = adapter();
    await second.follow(id(logins[2]), logins[2]);
    await second.follow(id(logins[3]), logins[3]);
    const conduits = await appApi().eventSub.getConduits();
    expect(conduits).toHaveLength(1);
    expect(simulator.state().eventSub.enabledSubscriptions).toBe(enabled + 1);
    await waitFor(() => second.connected, 'the shard connection');
    simulator.raid(logins[0], logins[2]);
    await raidInto(logins[2]);
  });
});
