import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { TrackerService } from '../../src/tracker/tracker.service';
import { type ChatPresenceEvent, TwitchChatPort } from '../../src/twitch/twitch-chat.port';
import { TwitchRaidsPort } from '../../src/twitch/twitch-raids.port';
import {
  type AppHarness,
  type GraphqlResponse,
  type HarnessEnv,
  refreshTopStreams,
} from '../support/app-harness';
import { asModerator, runTrackerMinutes, startTrackingApp } from '../support/tracking-app';
import { waitFor } from '../support/wait-for';

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

/**
 * The chat presence signals the app has read, counted as the simulator counts the lines it sends: a test
 * on the manual clock waits for each line to arrive before moving time on, so that every signal is stamped
 * with the minute it was sent in.
 */
function chatReceived(harness: AppHarness) {
  const namesOf = new Set<string>();
  let signals = 0;
  harness.app.get(TwitchChatPort).subscribe((event: ChatPresenceEvent) => {
    signals++;
    if (event.kind === 'names') namesOf.add(event.channel);
  });
  return {
    /** Every room joined: its NAMES list (sent on join) has arrived. */
    joined: (channels: readonly string[]) =>
      waitFor(() => channels.every((login) => namesOf.has(login)), `the chat of ${channels.join(', ')}`),
    /** Every presence line the simulator sent so far has been read. */
    caughtUp: () =>
      waitFor(
        () => signals >= harness.simulator.chat.presenceLinesSent,
        'the chat lines the simulator sent to arrive',
      ),
  };
}

/** The monitored channels not read now, with their reason. */
async function unwatched(harness: AppHarness): Promise<{ login: string; unwatchedReason: string }[]> {
  const result = await harness.graphql<{
    monitoredChannels: { login: string; unwatchedReason: string | null }[];
  }>('{ monitoredChannels { login unwatchedReason } }');
  expect(result.errors).toBeUndefined();
  return result.data!.monitoredChannels.filter(
    (channel): channel is { login: string; unwatchedReason: string } => channel.unwatchedReason !== null,
  );
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

describe('tracker channels (e2e)', () => {
  // One app at a time: each harness restores the environment it found when it closes.
  let open: AppHarness | undefined;
  const track = async (env: HarnessEnv, channels: number) => {
    open = await startTrackingApp({ channels, env });
    return open;
  };

  afterEach(async () => {
    await open?.close();
    open = undefined;
  });

  it('keeps watching a channel whose stream ended until its audience has left', async () => {
    const harness = await track(asModerator, 10);
    await runTrackerMinutes(harness, 10);
    const [ended] = await monitored(harness);
    const endedAt = harness.clock.now();
    harness.simulator.endStream(ended.login);
    await refreshTopStreams(harness);
    await harness.app.get(TrackerService).tick();

    const kept = (await monitored(harness)).find((channel) => channel.login === ended.login);
    expect(kept?.keptUntil).not.toBeNull();
    expect(kept?.source).toBe('CHATTERS');

    await runTrackerMinutes(harness, 8);
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

  it('finds its pins again after a restart, and refuses to pin a channel Twitch does not have', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-pins-'));
    try {
      const database = { DATABASE_URL: `sqlite:${join(directory, 'tracker.sqlite')}` };
      const withDatabase: HarnessEnv = (simulator) => ({ ...asModerator(simulator), ...database });
      const first = await track(withDatabase, 3);
      const live = new Set(first.simulator.liveStreams().map((stream) => stream.userLogin));
      const offline = first.simulator.world.channels.find((channel) => !live.has(channel.login))!.login;
      const pinned = await first.graphql(
        'mutation($login: String!) { pinChannel(login: $login) { login } }',
        {
          login: offline.toUpperCase(),
        },
      );
      expect(pinned.errors).toBeUndefined();
      const unknown = await first.graphql('mutation { pinChannel(login: "nosuchchannel") { login } }');
      expect(unknown.errors?.[0]).toMatchObject({
        message: 'Twitch has no channel called nosuchchannel',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      await first.close();
      open = undefined;

      const second = await track(withDatabase, 3);
      await runTrackerMinutes(second, 1);
      const channels = await monitored(second);
      expect(channels).toHaveLength(4);
      expect(channels[3]).toMatchObject({ login: offline, pinned: true, keptUntil: null });
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
    await runTrackerMinutes(harness, 2);
    const sources = (await monitored(harness)).map((channel) => channel.source);
    expect(sources).toHaveLength(5);
    for (const source of sources) expect(['MEMBERSHIP', 'ACTIVITY']).toContain(source);
  }, 60_000);

  it('reports the chat channels Twitch refuses to join and keeps reading the rooms it was let into', async () => {
    // A reading user Twitch lets into 4 channels (it is in others elsewhere), where the tracker expects 100.
    open = await startTrackingApp({ channels: 8, simulator: { concurrentChannelLimit: 4 } });
    const harness = open;
    const chat = chatReceived(harness);
    await harness.app.get(TrackerService).tick();
    const refused = await waitFor(async () => {
      const reported = await unwatched(harness);
      return reported.length === 4 ? reported : undefined;
    }, 'four refused joins to be reported');
    expect(new Set(refused.map((channel) => channel.unwatchedReason))).toEqual(
      new Set(['CHAT_JOIN_REFUSED']),
    );
    const refusedLogins = refused.map((channel) => channel.login).sort();
    const read = (await monitored(harness)).filter((channel) => !refusedLogins.includes(channel.login));
    expect(read).toHaveLength(4);
    await chat.joined(read.map((channel) => channel.login));
    const status = await harness.graphql<{ trackerStatus: { channels: number; unwatchedChannels: number } }>(
      '{ trackerStatus { channels unwatchedChannels } }',
    );
    expect(status.data!.trackerStatus).toEqual({ channels: 8, unwatchedChannels: 4 });

    // Rounds go on within the pause: the same channels stay reported, the same rooms read.
    await runTrackerMinutes(harness, 3);
    const after = await unwatched(harness);
    expect(after.map((channel) => channel.login).sort()).toEqual(refusedLogins);
  }, 60_000);

  it('spreads chat over the accounts of TWITCH_READER_TOKENS, each within Twitch’s limit', async () => {
    // Twitch lets each user into 3 channels here; the anonymous connection and two readers read 9 of 10.
    open = await startTrackingApp({
      channels: 10,
      simulator: { concurrentChannelLimit: 3 },
      env: (simulator) => {
        const offline = simulator.world.channels.filter((channel) => !simulator.world.isLive(channel));
        const tokens = offline
          .slice(0, 2)
          .map((account) => simulator.issueUserToken(account.login, ['chat:read']));
        return { TWITCH_READER_TOKENS: tokens.join(',') };
      },
    });
    const harness = open;
    const chat = chatReceived(harness);
    await harness.app.get(TrackerService).tick();
    const refused = await waitFor(async () => {
      const reported = await unwatched(harness);
      return reported.length === 1 ? reported : undefined;
    }, 'the one channel no reader has room for');
    expect(refused[0].unwatchedReason).toBe('CHAT_JOIN_REFUSED');
    const read = (await monitored(harness)).filter((channel) => channel.login !== refused[0].login);
    expect(read).toHaveLength(9);
    await chat.joined(read.map((channel) => channel.login));
    const readers = harness.simulator.world.channels
      .filter((channel) => !harness.simulator.world.isLive(channel))
      .slice(0, 2);
    for (const account of readers) {
      expect(harness.simulator.chatChannelsOf(account.login)).toHaveLength(3);
    }
  }, 60_000);

  it('reads chat over EventSub with TWITCH_CHAT_TRANSPORT=eventsub: ACTIVITY only, migrations stored', async () => {
    const harness = await track(
      (simulator) => ({
        TWITCH_CHAT_TRANSPORT: 'eventsub',
        // A user who moderates none of these channels: Get Chatters is refused and chat stands in.
        TWITCH_MODERATOR_TOKEN: simulator.issueUserToken('simviewer', [
          'moderator:read:chatters',
          'user:read:chat',
        ]),
      }),
      6,
    );
    let notifications = 0;
    harness.app.get(TwitchChatPort).subscribe(() => notifications++);
    harness.app.get(TwitchRaidsPort).subscribe(() => notifications++);
    const caughtUp = () =>
      waitFor(
        () => notifications >= harness.simulator.eventSub.notificationsSent,
        'the EventSub notifications',
      );
    const started = harness.clock.now();
    // Refused at their first poll (within the first poll interval); the channels move to chat the round after.
    await runTrackerMinutes(harness, 3);
    const channels = await monitored(harness);
    expect(channels.map((channel) => channel.source)).toEqual(Array(6).fill('ACTIVITY'));
    // Each room: channel.chat.message and channel.chat.notification, as simviewer; and channel.raid through
    // the app's conduit.
    await waitFor(() => harness.simulator.state().eventSub.enabledSubscriptions === 18, 'the subscriptions');
    await runTrackerMinutes(harness, 25, { eachMinute: caughtUp });

    const stored = await storedMigrations(harness, started);
    expect(stored.length).toBeGreaterThan(0);
    for (const migration of stored) expect(migration.source).toBe('ACTIVITY');
  }, 120_000);

  it('reads small rooms over IRC and big ones over EventSub with TWITCH_CHAT_TRANSPORT=eventsub-membership', async () => {
    open = await startTrackingApp({
      channels: 4,
      env: (simulator) => ({
        TWITCH_CHAT_TRANSPORT: 'eventsub-membership',
        // A user who moderates none of these channels: Get Chatters is refused and chat stands in.
        TWITCH_MODERATOR_TOKEN: simulator.issueUserToken('simviewer', [
          'moderator:read:chatters',
          'user:read:chat',
          'chat:read',
        ]),
      }),
    });
    const harness = open;
    // The top four have thousands of viewers; two pins from the end of the snapshot have a few hundred.
    const small = harness.simulator
      .liveStreams()
      .slice(95, 97)
      .map((stream) => stream.userLogin);
    for (const login of small) {
      const pinned = await harness.graphql(
        'mutation($login: String!) { pinChannel(login: $login) { login } }',
        {
          login,
        },
      );
      expect(pinned.errors).toBeUndefined();
    }
    const chat = chatReceived(harness);
    await runTrackerMinutes(harness, 3);
    const channels = await monitored(harness);
    const bySource = (source: string) => channels.filter((channel) => channel.source === source);
    expect(
      bySource('MEMBERSHIP')
        .map((channel) => channel.login)
        .sort(),
    ).toEqual([...small].sort());
    expect(bySource('ACTIVITY')).toHaveLength(4);
    // The ACTIVITY rooms: two EventSub subscriptions each (and the conduit's raids, one per channel); the
    // MEMBERSHIP rooms over IRC; all of them as simviewer.
    await waitFor(
      () => harness.simulator.state().eventSub.enabledSubscriptions === 2 * 4 + 6,
      'the EventSub subscriptions of the ACTIVITY rooms',
    );
    await waitFor(
      () => harness.simulator.chatChannelsOf('simviewer').length === 6,
      'simviewer in every room, over one transport or the other',
    );
    // JOIN/PART (and NAMES) come for the rooms read over IRC.
    await chat.joined(small);
  }, 60_000);

  it('records migrations from chat presence without a moderator token', async () => {
    const harness = await track({}, 10);
    const chat = chatReceived(harness);
    const started = harness.clock.now();
    await harness.app.get(TrackerService).tick();
    const channels = await monitored(harness);
    expect(channels).toHaveLength(10);
    expect(channels.map((channel) => channel.source)).not.toContain('CHATTERS');
    // Joins go out in the background (Twitch paces them): every room is joined before time moves.
    await chat.joined(channels.map((channel) => channel.login));
    await runTrackerMinutes(harness, 25, { eachMinute: chat.caughtUp });

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
