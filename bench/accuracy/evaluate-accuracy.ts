import { ManualClock } from '../../src/common/clock';
import type { TwitchConfig } from '../../src/config';
import { AUDIENCE_BOTS } from '../../src/simulator/audience-users';
import { EMBEDDED_CLIENT_ID, EMBEDDED_CLIENT_SECRET, TwitchSimulator } from '../../src/simulator';
import type { PresenceSource } from '../../src/tracker/presence-event';
import { TrackingEngine } from '../../src/tracker/tracking-engine';
import type { ChatPresenceEvent } from '../../src/twitch/twitch-chat.port';
import { TwurpleChatAdapter } from '../../src/twitch/twurple-chat.adapter';
import { TwurpleChattersAdapter } from '../../src/twitch/twurple-chatters.adapter';
import { type DetectedMigration, scoreMigrations, type SourceAccuracy } from './accuracy-matching';

export type AccuracySource = PresenceSource | 'ALL';

export interface AccuracyOptions {
  seed: number;
  /** Monitored channels: the top live ones at the start. */
  channels: number;
  simulatedMinutes: number;
  pollIntervalMs?: number;
  /** 'ALL' evaluates every source side by side, each with its own engine, on the same world. */
  source: AccuracySource;
  windowMs?: number;
  leaveConfirmations?: number;
  /** Simulated world size and audience multiplier (smaller = faster). */
  worldChannels?: number;
  audienceScale?: number;
  chattersLagMs?: number;
  membershipBatchMs?: number;
}

export interface SourceReport extends SourceAccuracy {
  /** Migrations the engine recorded over the whole run. */
  detected: number;
  /** Max |joinedAt| error of a match: one poll interval plus the source's lag. */
  toleranceMs: number;
}

export interface AccuracyReport {
  options: Required<AccuracyOptions>;
  monitored: string[];
  /** True hops between monitored channels joining in the evaluated period. */
  trueMigrations: number;
  evaluatedMinutes: number;
  sources: Partial<Record<PresenceSource, SourceReport>>;
  realTimeMs: number;
}

const DEFAULTS = {
  pollIntervalMs: 60_000,
  windowMs: 300_000,
  leaveConfirmations: 1,
  worldChannels: 3000,
  audienceScale: 0.25,
  chattersLagMs: 30_000,
  membershipBatchMs: 60_000,
};
const START = Date.UTC(2026, 10, 22, 20);
/** The simulated world moves on a 10 s grid; chat is only flushed to sockets on those steps. */
const WORLD_TICK_MS = 10_000;
const ALL_SOURCES: readonly PresenceSource[] = ['CHATTERS', 'MEMBERSHIP', 'ACTIVITY'];

/**
 * Runs the simulator on a manual clock, feeds one TrackingEngine per evaluated source through the
 * real twurple adapters, and scores what the engines record against the simulator's true hops
 * between the monitored channels. Simulated time advances only here, so a seed gives one result;
 * real time is only spent waiting for sockets.
 */
export async function evaluateAccuracy(input: AccuracyOptions): Promise<AccuracyReport> {
  const options: Required<AccuracyOptions> = { ...DEFAULTS, ...input };
  const { pollIntervalMs: poll, windowMs } = options;
  const sources = options.source === 'ALL' ? ALL_SOURCES : [options.source];
  const startedReal = performance.now();
  const clock = new ManualClock(START);
  const simulator = new TwitchSimulator({
    seed: options.seed,
    clock,
    channels: options.worldChannels,
    audienceScale: options.audienceScale,
    chattersLagMs: options.chattersLagMs,
    membershipBatchMs: options.membershipBatchMs,
    // The limiter counts wall-clock minutes, while this runs about a hundred simulated minutes per real one.
    rateLimitPerMinute: 10_000_000,
  });
  const savedPort = process.env.TWURPLE_MOCK_API_PORT;
  process.env.TWURPLE_MOCK_API_PORT = String(await simulator.listen());
  const config = {
    clientId: EMBEDDED_CLIENT_ID,
    clientSecret: EMBEDDED_CLIENT_SECRET,
    moderatorToken: simulator.issueUserToken('simmod', ['moderator:read:chatters']),
  } as TwitchConfig;
  const engines = new Map(
    sources.map((source) => [
      source,
      new TrackingEngine({
        windowMs,
        pollIntervalMs: poll,
        leaveConfirmations: options.leaveConfirmations,
        // Expected delay of the simulator's batches: between one and two batch periods.
        membershipDelayMs: 1.5 * options.membershipBatchMs,
      }),
    ]),
  );
  const detected = new Map(sources.map((source) => [source, [] as DetectedMigration[]]));
  const streams = simulator.liveStreams().slice(0, options.channels);
  const monitored = new Set(streams.map((s) => s.userLogin));
  const chatters = new TwurpleChattersAdapter(config);
  const chat = sources.some((s) => s !== 'CHATTERS') ? new TwurpleChatAdapter(config, clock) : undefined;
  let chatEvents = 0;

  const collect = (now: number) => {
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
        });
      }
    }
  };

  try {
    if (chat !== undefined) {
      chat.subscribe((event) => {
        chatEvents++;
        if (monitored.has(event.channel)) routeChatEvent(engines, event);
      });
      await chat.connect();
      // Twurple paces joins (20 per 10 s); simulated time stands still meanwhile.
      await Promise.all(streams.map((s) => chat.join(s.userLogin)));
      await settle(() => chatEvents);
    }
    const end = START + options.simulatedMinutes * 60_000;
    const spacing = poll / streams.length;
    for (let round = 0; START + round * poll < end; round++) {
      for (let i = 0; i < streams.length; i++) {
        const at = START + round * poll + Math.round(i * spacing);
        if (at >= end) break;
        const tickCrossed = Math.floor(at / WORLD_TICK_MS) !== Math.floor(clock.now() / WORLD_TICK_MS);
        simulator.advanceClock(at - clock.now());
        if (chat !== undefined && tickCrossed) await settle(() => chatEvents);
        const engine = engines.get('CHATTERS');
        if (engine !== undefined) {
          const result = await chatters.poll(streams[i].userId);
          engine.applyChattersPoll(streams[i].userLogin, result.logins, at, result.complete);
        }
        collect(at);
      }
    }
    // No event arrives after the end: let the watermark pass everything still pending.
    collect(end + 10 * windowMs);

    const since = START + windowMs;
    const until = end - windowMs;
    const allTruth = simulator
      .truthMigrations(START, end)
      .map((t) => ({ ...t, leftAt: Date.parse(t.leftAt), joinedAt: Date.parse(t.joinedAt) }));
    const truth = allTruth.filter((t) => monitored.has(t.from) && monitored.has(t.to));
    const botLogins = new Set(AUDIENCE_BOTS.map((b) => b.login));
    const report: AccuracyReport = {
      options,
      monitored: [...monitored],
      trueMigrations: truth.filter((t) => t.joinedAt >= since && t.joinedAt < until).length,
      evaluatedMinutes: (until - since) / 60_000,
      sources: {},
      realTimeMs: 0,
    };
    for (const source of sources) {
      const found = detected.get(source) ?? [];
      const toleranceMs = poll + sourceLagMs(source, options);
      const score = scoreMigrations({
        detected: found,
        truth,
        allTruth,
        since,
        until,
        toleranceMs,
        windowMs,
        botLogins,
      });
      report.sources[source] = { ...score, detected: found.length, toleranceMs };
    }
    report.realTimeMs = performance.now() - startedReal;
    return report;
  } finally {
    await chat?.disconnect();
    await simulator.close();
    process.env.TWURPLE_MOCK_API_PORT = savedPort;
  }
}

/**
 * How late a source reports a join beyond the polling itself: the chatters list's lag, the
 * membership batching (up to two batch periods), none for a chat message (sent when it is dated).
 */
export function sourceLagMs(source: PresenceSource, options: Required<AccuracyOptions>): number {
  if (source === 'CHATTERS') return options.chattersLagMs;
  if (source === 'MEMBERSHIP') return 2 * options.membershipBatchMs;
  return 0;
}

function routeChatEvent(engines: Map<PresenceSource, TrackingEngine>, event: ChatPresenceEvent): void {
  if (event.kind === 'raid') {
    for (const engine of engines.values()) engine.applyRaid(event.fromLogin, event.channel, event.at);
    return;
  }
  const membership = engines.get('MEMBERSHIP');
  const activity = engines.get('ACTIVITY');
  if (event.kind === 'names') membership?.applyNames(event.channel, event.logins, event.at);
  else if (event.kind === 'message') activity?.applyMessage(event.channel, event.login, event.at);
  else membership?.applyMembership(event.channel, event.kind, event.login, event.at);
}

/**
 * Waits until chat goes quiet: the simulator writes a step's lines synchronously, so once nothing
 * new has arrived for a few short real-time pauses, the step is fully delivered and stamped.
 */
async function settle(count: () => number): Promise<void> {
  let quietRounds = 0;
  let last = count();
  while (quietRounds < 3) {
    await new Promise((resolve) => setTimeout(resolve, 4));
    const now = count();
    quietRounds = now === last ? quietRounds + 1 : 0;
    last = now;
  }
}
