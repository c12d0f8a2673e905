import { ManualClock } from '../../src/common/clock';
import { DEFAULT_TRACKER_PAIRING, type TwitchConfig } from '../../src/config';
import { EMBEDDED_CLIENT_ID, EMBEDDED_CLIENT_SECRET } from '../../src/simulator/auth-tokens';
import { TwitchSimulator } from '../../src/simulator/simulator-server';
import { AUDIENCE_BOTS } from '../../src/simulator/audience-users';
import type { PresenceSource } from '../../src/migration/presence-source';
import type { PairingMode } from '../../src/tracker/migration-detector';
import { TrackingEngine } from '../../src/tracker/tracking-engine';
import { ModeratorCredentials } from '../../src/twitch/moderator-credentials';
import { TwitchCalls } from '../../src/twitch/twitch-calls';
import { TwurpleChatAdapter } from '../../src/twitch/twurple-chat.adapter';
import { TwurpleChattersAdapter } from '../../src/twitch/twurple-chatters.adapter';
import { type ComparableMigration, type DetectedMigration, scoreMigrations } from './accuracy-matching';
import { routeChatEvent, settleChat } from './accuracy-chat';
import { GroundTruthRecorder } from './ground-truth-recorder';
import type { AccuracyOptions, AccuracyReport, LatencySummary, SourceReport } from './accuracy-report';

export type { AccuracyOptions, AccuracyReport, AccuracySource, SourceReport } from './accuracy-report';

const DEFAULTS = {
  pairing: DEFAULT_TRACKER_PAIRING as PairingMode,
  comparePairings: true,
  pollIntervalMs: 60_000,
  windowMs: 300_000,
  leaveConfirmations: 1,
  activityTtlMs: 600_000,
  worldChannels: 3000,
  audienceScale: 0.25,
  chattersLagMs: 30_000,
  membershipBatchMs: 60_000,
};
const START = Date.UTC(2026, 10, 22, 20);
const ALL_SOURCES: readonly PresenceSource[] = ['CHATTERS', 'MEMBERSHIP', 'ACTIVITY'];

/**
 * Runs the simulator on a manual clock, feeds one TrackingEngine per evaluated source through the
 * real twurple adapters (one per source and pairing mode when the modes are compared: each poll and chat
 * line goes to both, so the two see the same events), and scores what the engines record against two truths: the simulator's raw
 * hops between the monitored channels, and its truth projected onto them (the migrations
 * docs/architecture.md defines, from true presence on the monitored channels). Simulated time advances only here, so a
 * seed gives one result; real time is only spent waiting for sockets.
 */
export async function evaluateAccuracy(input: AccuracyOptions): Promise<AccuracyReport> {
  const options: Required<AccuracyOptions> = { ...DEFAULTS, ...input };
  const { pollIntervalMs: poll, windowMs } = options;
  const sources = options.source === 'ALL' ? ALL_SOURCES : [options.source];
  const startedReal = performance.now();
  const clock = new ManualClock(START);
  const end = START + options.simulatedMinutes * 60_000;
  const simulator = new TwitchSimulator({
    seed: options.seed,
    clock,
    channels: options.worldChannels,
    audienceScale: options.audienceScale,
    chattersLagMs: options.chattersLagMs,
    membershipBatchMs: options.membershipBatchMs,
    presenceHistoryMs: end - START + windowMs,
    // The limiter counts wall-clock minutes, while this runs about a hundred simulated minutes per real one.
    rateLimitPerMinute: 10_000_000,
  });
  const savedPort = process.env.TWURPLE_MOCK_API_PORT;
  process.env.TWURPLE_MOCK_API_PORT = String(await simulator.listen());
  const config = {
    clientId: EMBEDDED_CLIENT_ID,
    clientSecret: EMBEDDED_CLIENT_SECRET,
    moderatorToken: simulator.issueUserToken('simmod', ['moderator:read:chatters']),
    timeoutMs: 10_000,
  } as TwitchConfig;
  const other: PairingMode = options.pairing === 'live' ? 'exact' : 'live';
  const runs = (options.comparePairings ? [options.pairing, other] : [options.pairing]).map((pairing) => ({
    pairing,
    engines: new Map(
      sources.map((source) => [
        source,
        new TrackingEngine({
          windowMs,
          pairing,
          pollIntervalMs: poll,
          leaveConfirmations: options.leaveConfirmations,
          activityTtlMs: options.activityTtlMs,
          // Expected delay of the simulator's batches: between one and two batch periods.
          membershipDelayMs: 1.5 * options.membershipBatchMs,
        }),
      ]),
    ),
    detected: new Map(sources.map((source) => [source, [] as DetectedMigration[]])),
  }));
  const streams = simulator.liveStreams().slice(0, options.channels);
  const monitored = new Set(streams.map((s) => s.userLogin));
  const recorder = new GroundTruthRecorder(simulator, monitored);
  const credentials = new ModeratorCredentials(config);
  const calls = new TwitchCalls(config);
  const chatters = new TwurpleChattersAdapter(config, credentials, calls);
  const chat = sources.some((s) => s !== 'CHATTERS')
    ? new TwurpleChatAdapter(config, clock, credentials, calls)
    : undefined;
  let chatEvents = 0;
  const handled = () => chatEvents;
  const sent = () => simulator.chat.presenceLinesSent;

  const collect = (now: number, { final = false } = {}) => {
    for (const { engines, detected } of runs) {
      for (const [source, engine] of engines) {
        for (const m of engine.advance(now)) {
          detected.get(source)?.push({
            user: m.login,
            from: m.fromChannel,
            to: m.toChannel,
            leftAt: m.leftAt,
            joinedAt: m.joinedAt,
            // Or seen in both at once earlier: B's join came a whole poll before A's leave, so A's previous
            // poll (which still listed the user) was no earlier than that join.
            multiViewer: engine.channelCount(m.login) >= 2 || m.leftAt - m.joinedAt >= poll,
            recordedAt: final ? undefined : now,
          });
        }
      }
    }
  };

  try {
    if (chat !== undefined) {
      chat.subscribe((event) => {
        chatEvents++;
        if (!monitored.has(event.channel)) return;
        recorder.noteChat(event);
        for (const { engines } of runs) routeChatEvent(engines, event);
      });
      await chat.connect();
      // The adapter paces JOINs in real time (Twitch's limit); simulated time stands still meanwhile.
      await Promise.all(streams.map((s) => chat.join(s.userLogin)));
      await settleChat(handled, sent);
    }
    const spacing = poll / streams.length;
    for (let round = 0; START + round * poll < end; round++) {
      for (let i = 0; i < streams.length; i++) {
        const at = START + round * poll + Math.round(i * spacing);
        if (at >= end) break;
        simulator.advanceClock(at - clock.now());
        if (chat !== undefined) await settleChat(handled, sent);
        if (sources.includes('CHATTERS')) {
          const result = await chatters.poll(streams[i].userId);
          for (const { engines } of runs) {
            engines
              .get('CHATTERS')
              ?.applyChattersPoll(streams[i].userLogin, result.logins, at, result.complete);
          }
        }
        collect(at);
      }
    }
    // No event arrives after the end: let the watermark pass everything still pending.
    collect(end + 10 * windowMs, { final: true });

    const since = START + windowMs;
    const until = end - windowMs;
    const parse = (list: ReturnType<TwitchSimulator['truthMigrations']>): ComparableMigration[] =>
      list.map((t) => ({ ...t, leftAt: Date.parse(t.leftAt), joinedAt: Date.parse(t.joinedAt) }));
    const allTruth = parse(simulator.truthMigrations(START, end));
    const raw = allTruth.filter((t) => monitored.has(t.from) && monitored.has(t.to));
    const projected = parse(simulator.truthMigrations(START, end, { channels: [...monitored], windowMs }));
    const scored = (t: ComparableMigration) => t.joinedAt >= since && t.joinedAt < until;
    const botLogins = new Set(AUDIENCE_BOTS.map((b) => b.login));
    const report: AccuracyReport = {
      options,
      monitored: [...monitored],
      trueMigrations: { raw: raw.filter(scored).length, projected: projected.filter(scored).length },
      evaluatedMinutes: (until - since) / 60_000,
      sources: {},
      pairings: {},
      exactPresenceVsRaw: scoreMigrations({
        detected: projected.map((m) => ({ ...m, multiViewer: false })),
        truth: raw,
        allTruth,
        since,
        until,
        toleranceMs: 0,
        windowMs,
        botLogins,
        inBoth: (d) => recorder.inBothAtOnce(d.user, d.from, d.to, d.joinedAt - windowMs, d.joinedAt),
      }),
      realTimeMs: 0,
      details: {
        detected: Object.fromEntries(runs[0].detected),
        raw,
        projected,
        allTruth,
        messages: recorder.messageLog(),
      },
    };
    for (const { pairing, detected } of runs) {
      const bySource: Partial<Record<PresenceSource, SourceReport>> = {};
      for (const source of sources) {
        const found = detected.get(source) ?? [];
        const toleranceMs = poll + sourceLagMs(source, options);
        const visible = (t: ComparableMigration) => recorder.visibleTo(source, t, options);
        const inBoth = (d: DetectedMigration) =>
          d.multiViewer || recorder.inBothAtOnce(d.user, d.from, d.to, d.joinedAt - windowMs, d.joinedAt);
        const evaluated = found.filter((d) => d.joinedAt >= since && d.joinedAt < until);
        const common = { detected: found, since, until, toleranceMs, windowMs, botLogins, visible, inBoth };
        bySource[source] = {
          detected: found.length,
          toleranceMs,
          raw: scoreMigrations({ ...common, truth: raw, allTruth, reference: projected }),
          projected: scoreMigrations({ ...common, truth: projected, allTruth }),
          latency: latencyOf(evaluated, (d) => d.joinedAt),
          latencyFromBoth: latencyOf(evaluated, (d) => Math.max(d.leftAt, d.joinedAt)),
        };
      }
      report.pairings[pairing] = bySource;
    }
    report.sources = report.pairings[options.pairing] ?? {};
    report.realTimeMs = performance.now() - startedReal;
    return report;
  } finally {
    recorder.stop();
    await chat?.disconnect();
    await simulator.close();
    process.env.TWURPLE_MOCK_API_PORT = savedPort;
  }
}

/** Percentiles of the time from `seenAt` of each migration to its release (nearest rank). */
export function latencyOf(
  found: readonly DetectedMigration[],
  seenAt: (migration: DetectedMigration) => number,
): LatencySummary {
  const delays = found
    .filter((d) => d.recordedAt !== undefined)
    .map((d) => (d.recordedAt as number) - seenAt(d))
    .sort((a, b) => a - b);
  const rank = (p: number) => delays[Math.max(0, Math.ceil(p * delays.length) - 1)] ?? Number.NaN;
  return { count: delays.length, p50Ms: rank(0.5), p95Ms: rank(0.95), maxMs: delays.at(-1) ?? Number.NaN };
}

/**
 * How late a source can report a join beyond the polling itself: the chatters list's lag; the
 * membership batching (up to two batch periods); for a chat message, the time until the user first
 * speaks, which has no bound but the window (a later join could not pair any more).
 */
export function sourceLagMs(source: PresenceSource, options: Required<AccuracyOptions>): number {
  if (source === 'CHATTERS') return options.chattersLagMs;
  if (source === 'MEMBERSHIP') return 2 * options.membershipBatchMs;
  return options.windowMs;
}
