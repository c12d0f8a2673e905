import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { TrackerService } from '../../src/tracker/tracker.service';
import { type AppHarness, type GraphqlResponse, type HarnessEnv, startApp } from '../support/app-harness';

const MINUTE = 60_000;

interface Monitored {
  login: string;
  source: string;
  pinned: boolean;
  keptUntil: string | null;
  chatters: number | null;
}

interface StoredMigration {
  fromChannel: string;
  toChannel: string;
  userLogin: string;
  joinedAt: string;
  source: string;
}

interface MigrationsPage {
  migrations: {
    edges: { node: StoredMigration }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const MONITORED = '{ monitoredChannels { login source pinned keptUntil chatters } }';

async function startTracking(env: HarnessEnv, channels: number): Promise<AppHarness> {
  const harness = await startApp(
    (simulator) => ({
      TRACKER_ENABLED: 'true',
      TRACKER_CHANNELS: String(channels),
      STREAMS_TOP_N: '100',
      ...(typeof env === 'function' ? env(simulator) : env),
    }),
    { audienceScale: 0.05, rateLimitPerMinute: 10_000_000 },
    { shareClock: true },
  );
  await refreshSnapshot(harness);
  return harness;
}

async function refreshSnapshot(harness: AppHarness): Promise<void> {
  const refreshed = await harness.graphql('mutation { refreshTopStreams { id } }');
  expect(refreshed.errors).toBeUndefined();
}

/** Simulated minutes, one tracker round each; chat (when joined) is given real time to arrive. */
async function runMinutes(harness: AppHarness, minutes: number, chatPauseMs = 0): Promise<void> {
  const tracker = harness.app.get(TrackerService);
  for (let minute = 0; minute < minutes; minute++) {
    await tracker.tick();
    harness.simulator.advanceClock(MINUTE);
    if (chatPauseMs > 0) await new Promise((resolve) => setTimeout(resolve, chatPauseMs));
  }
  await tracker.tick();
}

async function monitored(harness: AppHarness): Promise<Monitored[]> {
  const result = await harness.graphql<{ monitoredChannels: Monitored[] }>(MONITORED);
  expect(result.errors).toBeUndefined();
  return result.data!.monitoredChannels;
}

async function storedMigrations(harness: AppHarness, since: number): Promise<StoredMigration[]> {
  const stored: StoredMigration[] = [];
  let after: string | null = null;
  do {
    const result: GraphqlResponse<MigrationsPage> = await harness.graphql<MigrationsPage>(
      `query($since: DateTime, $until: DateTime, $after: String) {
        migrations(since: $since, until: $until, first: 100, after: $after) {
          edges { node { fromChannel toChannel userLogin joinedAt source } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      {
        since: new Date(since).toISOString(),
        until: new Date(harness.clock.now() + 1).toISOString(),
        after,
      },
    );
    expect(result.errors).toBeUndefined();
    const { edges, pageInfo } = result.data!.migrations;
    stored.push(...edges.map((edge) => edge.node));
    after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
  } while (after !== null);
  return stored;
}

const moderator: HarnessEnv = (simulator) => ({
  TWITCH_MODERATOR_TOKEN: simulator.issueUserToken('simmod', ['moderator:read:chatters']),
});

describe('tracker channels (e2e)', () => {
  // One app at a time: each harness restores the environment it found when it closes.
  let open: AppHarness | undefined;
  const track = async (env: HarnessEnv, channels: number) => {
    open = await startTracking(env, channels);
    return open;
  };

  afterEach(async () => {
    await open?.close();
    open = undefined;
  });

  it('keeps watching a channel whose stream ended until its audience has left', async () => {
    const harness = await track(moderator, 10);
    await runMinutes(harness, 10);
    const [ended] = await monitored(harness);
    const endedAt = harness.clock.now();
    harness.simulator.endStream(ended.login);
    await refreshSnapshot(harness);
    await harness.app.get(TrackerService).tick();

    const kept = (await monitored(harness)).find((channel) => channel.login === ended.login);
    expect(kept?.keptUntil).not.toBeNull();
    expect(kept?.source).toBe('CHATTERS');

    await runMinutes(harness, 8);
    expect((await monitored(harness)).map((channel) => channel.login)).not.toContain(ended.login);
    // The scattering audience was seen leaving: migrations out of the ended channel, after its end.
    const outOfEnded = (await storedMigrations(harness, endedAt)).filter(
      (migration) => migration.fromChannel === ended.login,
    );
    expect(outOfEnded.length).toBeGreaterThan(0);
    const truth = new Set(
      harness.simulator
        .truthMigrations(endedAt, harness.clock.now())
        .map((hop) => `${hop.user.toLowerCase()} ${hop.from.toLowerCase()}`),
    );
    const real = outOfEnded.filter((migration) =>
      truth.has(`${migration.userLogin} ${migration.fromChannel}`),
    );
    expect(real.length / outOfEnded.length).toBeGreaterThanOrEqual(0.7);
  }, 120_000);

  it('finds its pins again after a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-pins-'));
    try {
      const database = { DATABASE_URL: `sqlite:${join(directory, 'tracker.sqlite')}` };
      const withDatabase: HarnessEnv = (simulator) => ({
        ...(moderator as (s: typeof simulator) => Record<string, string>)(simulator),
        ...database,
      });
      const first = await track(withDatabase, 3);
      const pinned = await first.graphql('mutation { pinChannel(login: "SomeOfflineChannel") { login } }');
      expect(pinned.errors).toBeUndefined();
      await first.close();
      open = undefined;

      const second = await track(withDatabase, 3);
      await runMinutes(second, 1);
      const channels = await monitored(second);
      expect(channels).toHaveLength(4);
      expect(channels[3]).toMatchObject({ login: 'someofflinechannel', pinned: true, keptUntil: null });
      // Not live and never seen live: Get Chatters needs a broadcaster id, so chat presence stands in.
      expect(channels[3].source).not.toBe('CHATTERS');
      await second.close();
      open = undefined;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 60_000);

  it('falls back to chat presence when the moderator token is refused', async () => {
    const harness = await track(
      (simulator) => ({
        TWITCH_MODERATOR_TOKEN: simulator.issueUserToken('simviewer', ['moderator:read:chatters']),
      }),
      5,
    );
    // Polls are spread over the interval: after the first round only some channels were tried.
    await harness.app.get(TrackerService).tick();
    expect((await monitored(harness)).map((channel) => channel.source)).toContain('CHATTERS');
    // Refused during the first minute; the channels switch source on the round after.
    await runMinutes(harness, 2);
    const sources = (await monitored(harness)).map((channel) => channel.source);
    expect(sources).toHaveLength(5);
    for (const source of sources) expect(['MEMBERSHIP', 'ACTIVITY']).toContain(source);
  }, 60_000);

  it('records migrations from chat presence without a moderator token', async () => {
    const harness = await track({}, 10);
    const started = harness.clock.now();
    await harness.app.get(TrackerService).tick();
    const channels = await monitored(harness);
    expect(channels).toHaveLength(10);
    expect(channels.map((channel) => channel.source)).not.toContain('CHATTERS');
    // Twitch paces joins; give the chat connection real time to join every room first.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await runMinutes(harness, 25, 40);

    const stored = await storedMigrations(harness, started);
    expect(stored.length).toBeGreaterThan(0);
    const sources = new Set(channels.map((channel) => channel.source));
    for (const migration of stored) expect(sources).toContain(migration.source);
    const truth = new Set(
      harness.simulator
        .truthMigrations(started, harness.clock.now())
        .map((hop) => `${hop.user.toLowerCase()} ${hop.from.toLowerCase()} ${hop.to.toLowerCase()}`),
    );
    const real = stored.filter((m) => truth.has(`${m.userLogin} ${m.fromChannel} ${m.toChannel}`));
    expect(real.length / stored.length).toBeGreaterThanOrEqual(0.5);
  }, 120_000);
});
