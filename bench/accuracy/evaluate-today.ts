import { Logger } from '@nestjs/common';
import { ManualClock } from '../../src/common/clock';
import type { PresenceSource } from '../../src/migration/presence-source';
import { AUDIENCE_BOTS } from '../../src/simulator/audience-users';
import { TwitchSimulator } from '../../src/simulator/simulator-server';
import { TopStreamsJob } from '../../src/streams/top-streams.job';
import { type MonitoredChannelView, TrackerService } from '../../src/tracker/tracker.service';
import { TwitchChatPort } from '../../src/twitch/twitch-chat.port';
import { TwitchRaidsPort } from '../../src/twitch/twitch-raids.port';
import { type ComparableMigration, type DetectedMigration, scoreMigrations } from './accuracy-matching';
import { startDeployedApp } from './deployed-app';
import { latencyOf } from './evaluate-accuracy';
import { GroundTruthRecorder } from './ground-truth-recorder';
import type {
  ChannelCounts,
  HelixUsage,
  TodayOptions,
  TodayReport,
  TodaySourceReport,
  VisibilityRow,
} from './today-report';

export type { TodayOptions, TodayReport } from './today-report';

export const TODAY_DEFAULTS: TodayOptions = {
  seed: 1,
  channels: 1000,
  moderatedShare: 0.05,
  simulatedMinutes: 60,
  worldChannels: 4000,
  audienceScale: 0.1,
  joinLimit: 100,
  rateLimitPerMinute: 800,
  stepMs: 1000,
  warmupMs: 10 * 60_000,
};

const START = Date.UTC(2026, 10, 22, 20);
/** The tracker's settings left at their defaults (README): the window, the activity TTL, the chatters lag. */
const WINDOW_MS = 300_000;
const ACTIVITY_TTL_MS = 600_000;
const CHATTERS_LAG_MS = 30_000;
/** The moderator: `simmod`, made a moderator of only some channels. */
const MODERATOR = 'simmod';
const MODERATOR_SCOPES = ['moderator:read:chatters', 'user:read:chat', 'user:read:moderated_channels'];
/** Real time a round or an EventSub delivery may take before the run moves on without it (and counts it). */
const REAL_TIME_CAP_MS = 10_000;
const SOURCES: readonly PresenceSource[] = ['CHATTERS', 'MEMBERSHIP', 'ACTIVITY'];
const logger = new Logger('EvaluateToday');

type ChannelState = Pick<MonitoredChannelView, 'source' | 'unwatchedReason' | 'viewers'>;

const groupOf = (state: ChannelState | undefined) =>
  state === undefined
    ? 'unmonitored'
    : state.unwatchedReason
      ? `unwatched: ${state.unwatchedReason}`
      : state.source;

/**
 * Today's Twitch through the tracker as deployed: the real app (AppModule, its @twurple adapters, SQLite)
 * watching the top `channels` with one moderator token that moderates `moderatedShare` of them and is also
 * the one chat reader, over EventSub, within Twitch's join limit and the Helix budget (both enforced by the
 * simulator, the budget on the simulated clock). The app's rounds are driven one `stepMs` of simulated time
 * apart, as its one-second timer would; what it stores is scored against the simulator's truth projected
 * onto the monitored channels.
 */
export async function evaluateToday(input: Partial<TodayOptions> = {}): Promise<TodayReport> {
  const options: TodayOptions = { ...TODAY_DEFAULTS, ...input };
  const startedReal = performance.now();
  const clock = new ManualClock(START);
  const end = START + options.simulatedMinutes * 60_000;
  const simulator = new TwitchSimulator({
    seed: options.seed,
    clock,
    channels: options.worldChannels,
    audienceScale: options.audienceScale,
    chattersLagMs: CHATTERS_LAG_MS,
    presenceHistoryMs: end - START + WINDOW_MS,
    rateLimitPerMinute: options.rateLimitPerMinute,
    rateLimitClock: 'world',
    concurrentChannelLimit: options.joinLimit,
  });
  await simulator.listen();
  const top = simulator.liveStreams().slice(0, options.channels);
  // Every k-th channel by rank, from the middle of the first k: the moderated ones are sized like the rest.
  const every = Math.max(1, Math.round(1 / options.moderatedShare));
  const moderated = top.filter((_, rank) => rank % every === Math.floor(every / 2)).map((s) => s.userLogin);
  simulator.setModerator(MODERATOR, '*', false);
  for (const login of moderated) simulator.setModerator(MODERATOR, login);

  const deployed = await startDeployedApp(simulator, {
    TRACKER_ENABLED: 'true',
    TRACKER_CHANNELS: String(options.channels),
    STREAMS_TOP_N: String(options.channels),
    TWITCH_CHAT_TRANSPORT: 'eventsub',
    TWITCH_MODERATOR_TOKEN: simulator.issueUserToken(MODERATOR, MODERATOR_SCOPES),
  }).catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  const { app, published } = deployed;
  const tracker = app.get(TrackerService);
  let received = 0;
  app.get(TwitchChatPort).subscribe(() => received++);
  app.get(TwitchRaidsPort).subscribe(() => received++);
  let recorder: GroundTruthRecorder | undefined;
  const stalls = { rounds: 0, notifications: 0 };
  let rounds = 0;
  const minuteStates: Map<string, string>[] = [];
  const helixSamples: Map<string, number>[] = [];
  let releasedByStop = Number.POSITIVE_INFINITY;

  try {
    await app.get(TopStreamsJob).run('accuracy evaluation');
    const round = async () => {
      rounds++;
      let timer: NodeJS.Timeout | undefined;
      const cap = new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(false), REAL_TIME_CAP_MS)),
      );
      if (!(await Promise.race([tracker.tick().then(() => true), cap]))) stalls.rounds++;
      clearTimeout(timer);
    };
    await round();
    const states = () => new Map(tracker.monitored().map((c) => [c.login, c] as const));
    const monitored = [...states().keys()];
    recorder = new GroundTruthRecorder(simulator, new Set(monitored));
    for (let now = START; now < end; now += options.stepMs) {
      if ((now - START) % 600_000 === 0 && now > START) {
        const seconds = ((performance.now() - startedReal) / 1000).toFixed(0);
        logger.log(
          `${(now - START) / 60_000} simulated minutes in ${seconds} s: ${published.length} migrations stored, ` +
            `${stalls.rounds} rounds and ${stalls.notifications} deliveries over the real-time cap`,
        );
      }
      if ((now - START) % 60_000 === 0) {
        minuteStates.push(new Map([...states()].map(([login, state]) => [login, groupOf(state)])));
        helixSamples.push(new Map(simulator.rateLimitUsage().map((u) => [u.bucket, u.spent])));
      }
      simulator.advanceClock(Math.min(options.stepMs, end - now));
      const delivered = await until(() => received >= simulator.eventSub.notificationsSent, REAL_TIME_CAP_MS);
      if (!delivered) stalls.notifications++;
      await round();
    }
    helixSamples.push(new Map(simulator.rateLimitUsage().map((u) => [u.bucket, u.spent])));
    const final = states();
    const eventSub = {
      enabledSubscriptions: simulator.eventSub.stats.enabledSubscriptions,
      chatRooms: simulator.chatChannelsOf(MODERATOR).length,
    };
    const status = tracker.status();
    // What the stop stores (pairs still waiting for the watermark) is scored, but has no latency.
    releasedByStop = published.length;
    await deployed.close();

    // Scoring.
    const since = START + options.warmupMs;
    const scoredUntil = end - WINDOW_MS;
    const atSince = minuteStates[Math.floor(options.warmupMs / 60_000)] ?? minuteStates.at(-1)!;
    const groupAtSince = (login: string) => atSince.get(login) ?? 'unmonitored';
    const parse = (list: ReturnType<TwitchSimulator['truthMigrations']>): ComparableMigration[] =>
      list.map((t) => ({ ...t, leftAt: Date.parse(t.leftAt), joinedAt: Date.parse(t.joinedAt) }));
    const allTruth = parse(simulator.truthMigrations(START, end));
    const projected = parse(
      simulator.truthMigrations(START, end, { channels: monitored, windowMs: WINDOW_MS }),
    );
    const scored = (m: { joinedAt: number }) => m.joinedAt >= since && m.joinedAt < scoredUntil;
    const detectedAll: (DetectedMigration & { source: PresenceSource })[] = published.map(
      ({ record, publishedAt }, index) => ({
        user: record.userLogin,
        from: record.fromChannel,
        to: record.toChannel,
        leftAt: record.leftAt.getTime(),
        joinedAt: record.joinedAt.getTime(),
        multiViewer: false,
        recordedAt: index < releasedByStop ? publishedAt : undefined,
        source: record.source,
      }),
    );
    const ground = recorder;
    const inBoth = (d: DetectedMigration) =>
      ground.inBothAtOnce(d.user, d.from, d.to, d.joinedAt - WINDOW_MS, d.joinedAt);
    const botLogins = new Set(AUDIENCE_BOTS.map((b) => b.login));
    const pollIntervalMs = status.pollIntervalMs;
    const toleranceOf = (source: PresenceSource) =>
      pollIntervalMs + (source === 'CHATTERS' ? CHATTERS_LAG_MS : WINDOW_MS);
    const common = { allTruth, since, until: scoredUntil, windowMs: WINDOW_MS, botLogins, inBoth };
    const messages = ground.messageLog();
    const spoke = (user: string, channel: string, from: number, to: number) =>
      (messages[`${user}\n${channel}`] ?? []).some((t) => t >= from && t <= to);
    const sideVisible = (group: string, user: string, channel: string, leaving: boolean, at: number) => {
      if (group === 'CHATTERS') return true;
      if (group !== 'ACTIVITY') return false;
      return leaving
        ? spoke(user, channel, at - ACTIVITY_TTL_MS, at)
        : spoke(user, channel, at, at + WINDOW_MS);
    };
    const visible = (t: ComparableMigration) =>
      sideVisible(groupAtSince(t.from), t.user, t.from, true, t.leftAt) &&
      sideVisible(groupAtSince(t.to), t.user, t.to, false, t.joinedAt);

    const sources: TodayReport['sources'] = {};
    for (const source of SOURCES) {
      const found = detectedAll.filter((d) => d.source === source);
      const into = projected.filter((t) => groupAtSince(t.to) === source);
      if (found.length === 0 && into.length === 0) continue;
      const toleranceMs = toleranceOf(source);
      const evaluated = found.filter(scored);
      const report: TodaySourceReport = {
        stored: found.length,
        toleranceMs,
        precision: scoreMigrations({ ...common, detected: found, truth: projected, toleranceMs, visible }),
        recall: scoreMigrations({ ...common, detected: found, truth: into, toleranceMs, visible }),
        latency: latencyOf(evaluated, (d) => d.joinedAt),
        latencyFromBoth: latencyOf(evaluated, (d) => Math.max(d.leftAt, d.joinedAt)),
      };
      sources[source] = report;
    }
    // Every source together, each detection matched within its own source's tolerance (the widest).
    const overall = scoreMigrations({
      ...common,
      detected: detectedAll,
      truth: projected,
      toleranceMs: Math.max(...SOURCES.map(toleranceOf)),
      visible,
    });
    const foundKeys = matchedTruth(detectedAll, projected, toleranceOf);

    const rows = new Map<string, VisibilityRow>();
    projected.forEach((t, index) => {
      if (!scored(t)) return;
      const kind = `${groupAtSince(t.from)} → ${groupAtSince(t.to)}`;
      let row = rows.get(kind);
      if (!row) rows.set(kind, (row = { kind, truth: 0, visible: 0, found: 0 }));
      row.truth++;
      if (visible(t)) row.visible++;
      if (foundKeys.has(index)) row.found++;
    });

    return {
      options,
      moderator: MODERATOR,
      monitored: monitored.length,
      moderated: moderated.filter((login) => monitored.includes(login)).length,
      channelsAtStart: countChannels(atSince, final),
      channelsAtEnd: countChannels(new Map([...final].map(([l, s]) => [l, groupOf(s)])), final),
      sourcesSettledAfterMinutes: settledAfter(minuteStates),
      evaluatedMinutes: (scoredUntil - since) / 60_000,
      trueMigrations: projected.filter(scored).length,
      overall,
      sources,
      visibility: [...rows.values()].sort((a, b) => b.truth - a.truth),
      tracker: {
        pollIntervalMs: status.pollIntervalMs,
        helixPointsPerMinute: status.helixPointsPerMinute,
        plannedHelixPointsPerMinute: status.plannedHelixPointsPerMinute,
        raidFollowedChannels: status.raidFollowedChannels,
        migrationsRecorded: status.migrationsRecorded,
      },
      helix: helixUsage(simulator, helixSamples),
      tooManyRequests: simulator.stats.tooManyRequests,
      rateLimited: simulator.rateLimitUsage().reduce((sum, u) => sum + u.refused, 0),
      stalls,
      eventSub,
      warnings: [...deployed.warnings].map(([kind, { count, example }]) => ({ kind, count, example })),
      rounds,
      realTimeMs: performance.now() - startedReal,
    };
  } finally {
    recorder?.stop();
    if (releasedByStop === Number.POSITIVE_INFINITY) await deployed.close();
    await simulator.close();
  }
}

/** Indexes of the truths matched by a detection of the same user, channels and a join within tolerance. */
function matchedTruth(
  detected: readonly (ComparableMigration & { source: PresenceSource })[],
  truth: readonly ComparableMigration[],
  toleranceOf: (source: PresenceSource) => number,
): Set<number> {
  const found = new Set<number>();
  for (const source of SOURCES) {
    const ofSource = detected.filter((d) => d.source === source);
    if (ofSource.length === 0) continue;
    const toleranceMs = toleranceOf(source);
    const byKey = new Map<string, number[]>();
    truth.forEach((t, i) => {
      const key = `${t.user}\n${t.from}\n${t.to}`;
      byKey.set(key, [...(byKey.get(key) ?? []), i]);
    });
    for (const d of ofSource) {
      const candidates = (byKey.get(`${d.user}\n${d.from}\n${d.to}`) ?? [])
        .filter((i) => !found.has(i) && Math.abs(truth[i].joinedAt - d.joinedAt) <= toleranceMs)
        .sort((a, b) => Math.abs(truth[a].joinedAt - d.joinedAt) - Math.abs(truth[b].joinedAt - d.joinedAt));
      if (candidates.length > 0) found.add(candidates[0]);
    }
  }
  return found;
}

function countChannels(groups: Map<string, string>, states: Map<string, ChannelState>): ChannelCounts[] {
  const counts = new Map<string, ChannelCounts>();
  for (const [login, group] of groups) {
    let row = counts.get(group);
    if (!row) counts.set(group, (row = { group, channels: 0, viewers: 0 }));
    row.channels++;
    row.viewers += states.get(login)?.viewers ?? 0;
  }
  return [...counts.values()].sort((a, b) => b.channels - a.channels);
}

/** Minutes after the start when every channel was last seen changing its source or unwatched state. */
function settledAfter(minutes: readonly Map<string, string>[]): number {
  let last = 0;
  for (let minute = 1; minute < minutes.length; minute++) {
    const before = minutes[minute - 1];
    for (const [login, group] of minutes[minute]) {
      if (before.get(login) !== group) {
        last = minute;
        break;
      }
    }
  }
  return last;
}

function helixUsage(simulator: TwitchSimulator, samples: readonly Map<string, number>[]): HelixUsage[] {
  const moderatorId = simulator.users.findByLogin(MODERATOR)?.id;
  return simulator.rateLimitUsage().map(({ bucket, spent, refused }) => {
    let peakPerMinute = 0;
    for (let i = 1; i < samples.length; i++) {
      peakPerMinute = Math.max(
        peakPerMinute,
        (samples[i].get(bucket) ?? 0) - (samples[i - 1].get(bucket) ?? 0),
      );
    }
    const owner =
      bucket === `user:${moderatorId}`
        ? `the moderator user (${MODERATOR}): Get Chatters, Get Moderated Channels, EventSub chat subscriptions`
        : bucket.startsWith('client:')
          ? 'the app token: top streams, Get Users, channel.raid conduit subscriptions'
          : bucket;
    return { owner, spent, refused, peakPerMinute };
  });
}

function realTime(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits (in real time, polling every millisecond) until `done`, at most `capMs`; false when it ran out. */
async function until(done: () => boolean, capMs: number): Promise<boolean> {
  const startedAt = performance.now();
  while (!done()) {
    if (performance.now() - startedAt > capMs) return false;
    await realTime(1);
  }
  return true;
}
