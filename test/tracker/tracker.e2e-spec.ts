import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RaidEvent, TwitchRaidsPort } from '../../src/twitch/twitch-raids.port';
import { type AppHarness, graphql, logIn } from '../support/app-harness';
import { asModerator, runTrackerMinutes, startTrackingApp } from '../support/tracking-app';
import { waitFor } from '../support/wait-for';

const SIMULATED_MINUTES = 30;

interface Monitored {
  login: string;
  source: string;
  pinned: boolean;
  lastPolledAt: string | null;
  chatters: number | null;
}

/** The tracker inside the real app, on the simulator's clock, polling Get Chatters as a moderator. */
describe('tracker (e2e)', () => {
  let harness: AppHarness;
  let started: number;

  beforeAll(async () => {
    harness = await startTrackingApp({ channels: 20, env: asModerator });
    started = harness.clock.now();
    await runTrackerMinutes(harness, SIMULATED_MINUTES);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('reports channels, tracked users and recorded migrations', async () => {
    const result = await harness.graphql<{
      trackerStatus: { running: boolean; channels: number; trackedUsers: number; migrationsRecorded: number };
    }>('{ trackerStatus { running channels trackedUsers migrationsRecorded lastRoundAt lastRoundMs } }');
    expect(result.errors).toBeUndefined();
    const status = result.data!.trackerStatus;
    expect(status).toMatchObject({ running: true, channels: 20 });
    expect(status.trackedUsers).toBeGreaterThan(100);
    expect(status.migrationsRecorded).toBeGreaterThan(10);
  });

  it('monitors the top channels through Get Chatters', async () => {
    const result = await harness.graphql<{ monitoredChannels: Monitored[] }>(
      '{ monitoredChannels { login source pinned since lastPolledAt chatters } }',
    );
    expect(result.errors).toBeUndefined();
    const channels = result.data!.monitoredChannels;
    expect(channels).toHaveLength(20);
    for (const channel of channels) {
      expect(channel).toMatchObject({ source: 'CHATTERS', pinned: false });
      expect(channel.lastPolledAt).not.toBeNull();
      expect(channel.chatters).toEqual(expect.any(Number));
    }
  });

  it('stores migrations that really happened', async () => {
    const since = new Date(started).toISOString();
    const until = new Date(harness.clock.now() + 1).toISOString();
    const result = await harness.graphql<{
      migrations: {
        totalCount: number;
        edges: { node: { userLogin: string; fromChannel: string; toChannel: string } }[];
      };
      migrationGraph: { totalMigrations: number };
    }>(
      `query($since: DateTime, $until: DateTime) {
        migrations(since: $since, until: $until, first: 100) {
          totalCount edges { node { userLogin fromChannel toChannel } }
        }
        migrationGraph(since: $since, until: $until) { totalMigrations }
      }`,
      { since, until },
    );
    expect(result.errors).toBeUndefined();
    const { migrations, migrationGraph } = result.data!;
    expect(migrations.totalCount).toBeGreaterThan(10);
    expect(migrationGraph.totalMigrations).toBe(migrations.totalCount);
    const truth = new Set(
      harness.simulator
        .truthMigrations(started, harness.clock.now())
        .map((m) => `${m.user.toLowerCase()} ${m.from.toLowerCase()} ${m.to.toLowerCase()}`),
    );
    const found = migrations.edges.filter(({ node }) =>
      truth.has(`${node.userLogin} ${node.fromChannel} ${node.toChannel}`),
    );
    expect(found.length / migrations.edges.length).toBeGreaterThanOrEqual(0.7);
  });

  it('follows the raids into every monitored channel and flags the migrations along one (channel.raid)', async () => {
    const status = await harness.graphql<{
      trackerStatus: { raidFollowedChannels: number };
      monitoredChannels: { login: string; source: string; raidsFollowed: boolean }[];
    }>('{ trackerStatus { raidFollowedChannels } monitoredChannels { login source raidsFollowed } }');
    expect(status.errors).toBeUndefined();
    expect(status.data!.trackerStatus.raidFollowedChannels).toBe(20);
    const channels = status.data!.monitoredChannels;
    // Every channel is read by Get Chatters: none of their chats is joined, yet their raids arrive.
    expect(channels.every(({ source, raidsFollowed }) => source === 'CHATTERS' && raidsFollowed)).toBe(true);

    const [raider, target] = [channels[0].login, channels[1].login];
    const raids: RaidEvent[] = [];
    const stop = harness.app.get(TwitchRaidsPort).subscribe((raid) => raids.push(raid));
    const raidAt = harness.clock.now();
    harness.simulator.raid(raider, target);
    await waitFor(
      () => raids.some((raid) => raid.fromLogin === raider && raid.toLogin === target),
      'the raid',
    );
    stop();
    await runTrackerMinutes(harness, 8);

    const result = await harness.graphql<{
      migrations: { edges: { node: { viaRaid: boolean; joinedAt: string } }[] };
    }>(
      `query($from: String, $to: String, $since: DateTime) {
        migrations(fromChannel: $from, toChannel: $to, since: $since, first: 100) { edges { node { viaRaid joinedAt } } }
      }`,
      { from: raider, to: target, since: new Date(raidAt - 60_000).toISOString() },
    );
    expect(result.errors).toBeUndefined();
    const migrations = result.data!.migrations.edges.map(({ node }) => node);
    expect(migrations.filter(({ viaRaid }) => viaRaid).length).toBeGreaterThan(0);
  });

  it('pins and unpins a channel outside the top', async () => {
    const streams = await harness.graphql<{ topStreams: { userLogin: string }[] }>(
      '{ topStreams(limit: 30) { userLogin } }',
    );
    expect(streams.errors).toBeUndefined();
    const login = streams.data!.topStreams[29].userLogin.toLowerCase();
    const pinned = await harness.graphql<{ pinChannel: Monitored }>(
      'mutation($login: String!) { pinChannel(login: $login) { login source pinned } }',
      { login: login.toUpperCase() },
    );
    expect(pinned.errors).toBeUndefined();
    expect(pinned.data!.pinChannel).toEqual({ login, source: 'CHATTERS', pinned: true });
    const listed = await harness.graphql<{ monitoredChannels: Monitored[] }>(
      '{ monitoredChannels { login pinned } }',
    );
    expect(listed.data!.monitoredChannels).toContainEqual({ login, pinned: true });

    const unpinned = await harness.graphql('mutation($login: String!) { unpinChannel(login: $login) }', {
      login,
    });
    expect(unpinned.data).toEqual({ unpinChannel: true });
    const again = await harness.graphql('mutation($login: String!) { unpinChannel(login: $login) }', {
      login,
    });
    expect(again.data).toEqual({ unpinChannel: false });
    const after = await harness.graphql<{ monitoredChannels: Monitored[] }>(
      '{ monitoredChannels { login } }',
    );
    expect(after.data!.monitoredChannels.map((c) => c.login)).not.toContain(login);
  });

  it('rejects an invalid login', async () => {
    const result = await harness.graphql('mutation { pinChannel(login: "not a login!") { login } }');
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('forbids pinning to non-administrators', async () => {
    const viewer = await logIn(harness.url, harness.simulator, 'simviewer');
    const result = await graphql(
      harness.url,
      'mutation { pinChannel(login: "somechannel") { login } }',
      {},
      viewer.accessToken,
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
