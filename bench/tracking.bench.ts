import { appendFileSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type { Sequelize } from 'sequelize-typescript';
import { parseDatabaseUrl } from '../src/config';
import { migrateSchema } from '../src/database/schema-migrator';
import { createSequelize } from '../src/database/sequelize-options';
import type { NewMigrationRecord, ViewerCountRecord } from '../src/migration/migration-record';
import { MigrationRepository } from '../src/migration/migration-repository.port';
import { MigrationEdgeHourEntity } from '../src/migration/persistence/sequelize/entities/migration-edge-hour.entity';
import { MigrationEntity } from '../src/migration/persistence/sequelize/entities/migration.entity';
import { ViewerCountEntity } from '../src/migration/persistence/sequelize/entities/viewer-count.entity';
import { SequelizeMigrationRepository } from '../src/migration/persistence/sequelize/sequelize-migration.repository';
import { EMBEDDED_CLIENT_ID } from '../src/simulator/auth-tokens';
import type { SimulatorOptions, TwitchSimulator } from '../src/simulator/simulator-server';
import type {
  ChannelCheckpoint,
  EngineCheckpointDelta,
  PendingUserCheckpoint,
} from '../src/tracker/engine-checkpoint';
import { TrackerCheckpointRepository } from '../src/tracker/tracker-checkpoint.repository';
import { TrackerService } from '../src/tracker/tracker.service';
import { type AppHarness, startApp } from '../test/support/app-harness';
import { type SqlTarget, sqlTargets } from '../test/support/sql-test-database';
import { benchDatabase, type BenchSection, median, ms, percentile } from './bench-utils';

const logger = new Logger('TrackingBench');
const MINUTE = 60_000;
const CHANNELS = 1000;
const HELIX_POINTS_PER_MINUTE = 800;
/**
 * A world whose top 1,000 live channels hold ~1,000 chatters each: 1,400 channels, 80% live, every
 * audience scaled up and capped at 990 viewers (the chatters list then fits one 1,000-name page until a
 * raid pushes a room over it), ~1.2 million simulated users.
 */
const WORLD: Partial<SimulatorOptions> = {
  channels: 1400,
  liveShare: 0.8,
  audienceScale: 2000,
  maxChannelAudience: 990,
};
const GENEROUS_LIMIT = 10_000_000;

export interface TrackingBenchOptions {
  /** Simulated poll rounds (60 s each) measured after the baseline round. */
  rounds: number;
  /** Length of the real-time run at Helix's 800 points/min; 0 skips it. */
  realTimeSeconds: number;
}

/** Peak RSS and heap of this process (app, simulator and benchmark together), sampled every 100 ms. */
class PeakMemory {
  rss = 0;
  heapUsed = 0;
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.rss = Math.max(this.rss, rss);
    this.heapUsed = Math.max(this.heapUsed, heapUsed);
  }
}

interface RecordedFlush {
  migrations: NewMigrationRecord[];
  counts: ViewerCountRecord[];
  /** The flush ended with a checkpoint: the next line of the log's checkpoint file. */
  checkpoint: boolean;
}

interface WriteLog {
  flushes: RecordedFlush[];
  migrationMs: number;
  countMs: number;
  migrations: number;
  counts: number;
  checkpointMs: number;
  checkpoints: CheckpointVolume;
  /** The checkpoint deltas, one JSON line each: kept on disk so that they weigh nothing in the app's memory. */
  checkpointFile: string;
}

/** Rows a checkpoint delta writes (a null state deletes its row), and the text they hold. */
interface CheckpointVolume {
  saves: number;
  userRows: number;
  channelRows: number;
  bytes: number;
}

function addVolume(volume: CheckpointVolume, delta: EngineCheckpointDelta): void {
  volume.saves += 1;
  volume.userRows += delta.users.size;
  volume.channelRows += delta.channels.size;
  for (const state of delta.users.values()) volume.bytes += state ? JSON.stringify(state).length : 0;
  // As the repository stores a channel: one line per login (with `\t<until>` for chat presence).
  for (const state of delta.channels.values()) {
    if (!state) continue;
    const lines =
      state.kind === 'list' ? state.logins : state.members.map(([login, until]) => `${login}\t${until}`);
    for (const line of lines) volume.bytes += line.length + 1;
  }
}

const noVolume = (): CheckpointVolume => ({ saves: 0, userRows: 0, channelRows: 0, bytes: 0 });

/** A recorded checkpoint's first line; its users and then its channels follow, one `[key, state]` a line. */
interface RecordedCheckpointHeader {
  users: number;
  channels: number;
  meta: EngineCheckpointDelta['meta'];
  savedAt: number;
}

/**
 * Appends a delta a few hundred entries at a time: one JSON string of a whole round (~20 MB at 1,000
 * channels) would weigh in the very memory figures this section reports.
 */
function appendCheckpoint(file: string, delta: EngineCheckpointDelta, savedAt: Date): void {
  const header: RecordedCheckpointHeader = {
    users: delta.users.size,
    channels: delta.channels.size,
    meta: delta.meta,
    savedAt: savedAt.getTime(),
  };
  appendFileSync(file, `${JSON.stringify(header)}\n`);
  let lines: string[] = [];
  for (const entry of [...delta.users, ...delta.channels]) {
    lines.push(JSON.stringify(entry));
    if (lines.length === 500) {
      appendFileSync(file, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) appendFileSync(file, `${lines.join('\n')}\n`);
}

/** The recorded checkpoints, in order (JSON turned the unset watermark, −∞, into null: the store does too). */
async function* readCheckpoints(
  file: string,
): AsyncGenerator<{ delta: EngineCheckpointDelta; savedAt: Date }> {
  const lines = createInterface({ input: createReadStream(file) })[Symbol.asyncIterator]();
  const next = async <T>() => JSON.parse((await lines.next()).value as string) as T;
  for (;;) {
    const line = await lines.next();
    if (line.done) return;
    const header = JSON.parse(line.value as string) as RecordedCheckpointHeader;
    const users = new Map<string, PendingUserCheckpoint | null>();
    for (let i = 0; i < header.users; i++)
      users.set(...(await next<[string, PendingUserCheckpoint | null]>()));
    const channels = new Map<string, ChannelCheckpoint | null>();
    for (let i = 0; i < header.channels; i++)
      channels.set(...(await next<[string, ChannelCheckpoint | null]>()));
    yield { delta: { users, channels, meta: header.meta }, savedAt: new Date(header.savedAt) };
  }
}

/** Times the app's own writes and keeps what was written, to replay it on every SQL dialect. */
function recordWrites(
  repository: MigrationRepository,
  checkpoints: TrackerCheckpointRepository,
  checkpointFile: string,
): WriteLog {
  const log: WriteLog = {
    flushes: [],
    migrationMs: 0,
    countMs: 0,
    migrations: 0,
    counts: 0,
    checkpointMs: 0,
    checkpoints: noVolume(),
    checkpointFile,
  };
  const saveBatch = repository.saveBatch.bind(repository);
  const saveViewerCounts = repository.saveViewerCounts.bind(repository);
  let current: RecordedFlush | null = null;
  repository.saveBatch = async (batch) => {
    current = { migrations: [...batch], counts: [], checkpoint: false };
    log.flushes.push(current);
    const start = performance.now();
    try {
      return await saveBatch(batch);
    } finally {
      log.migrationMs += performance.now() - start;
      log.migrations += batch.length;
    }
  };
  repository.saveViewerCounts = async (points) => {
    // A flush writes its migrations first; a flush with none only writes counts.
    if (!current || current.counts.length > 0) {
      log.flushes.push((current = { migrations: [], counts: [], checkpoint: false }));
    }
    current.counts = [...points];
    current = null;
    const start = performance.now();
    try {
      return await saveViewerCounts(points);
    } finally {
      log.countMs += performance.now() - start;
      log.counts += points.length;
    }
  };
  const saveCheckpoint = checkpoints.save.bind(checkpoints);
  // The checkpoint closes a flush: it is written after the round's migrations and counts.
  checkpoints.save = async (delta, savedAt) => {
    const flush = log.flushes.at(-1);
    if (flush && !flush.checkpoint) flush.checkpoint = true;
    else log.flushes.push({ migrations: [], counts: [], checkpoint: true });
    addVolume(log.checkpoints, delta);
    appendCheckpoint(checkpointFile, delta, savedAt);
    const start = performance.now();
    try {
      return await saveCheckpoint(delta, savedAt);
    } finally {
      log.checkpointMs += performance.now() - start;
    }
  };
  return log;
}

interface Round {
  wallMs: number;
  polled: number;
  points: number;
  tooMany: number;
  migrations: number;
}

/** Sends Get Chatters as the moderator until the moderator's bucket is empty (Helix answers 429). */
async function drainModeratorBucket(simulator: TwitchSimulator, broadcasterId: string): Promise<number> {
  const token = simulator.issueUserToken('simmod', ['moderator:read:chatters']);
  const moderatorId = simulator.users.findByLogin('simmod')!.id;
  const url = `${simulator.url}/mock/chat/chatters?broadcaster_id=${broadcasterId}&moderator_id=${moderatorId}&first=1`;
  const headers = { 'client-id': EMBEDDED_CLIENT_ID, authorization: `Bearer ${token}` };
  let sent = 0;
  for (;;) {
    const statuses = await Promise.all(
      Array.from({ length: 50 }, async () => (await fetch(url, { headers })).status),
    );
    sent += statuses.length;
    if (statuses.includes(429)) return sent;
    if (sent > 10 * HELIX_POINTS_PER_MINUTE) throw new Error('The moderator bucket never emptied');
  }
}

interface RealTimeResult {
  seconds: number;
  points: number;
  tooMany: number;
  polls: number;
  channelsPolled: number;
  drained: number;
  /** Helix requests in each 10 s of the window. */
  timeline: number[];
}

/**
 * The tracker's own 1-second timer drives it, the shared clock follows the wall clock, and Helix
 * allows 800 points per minute. The moderator's bucket is emptied first: at ~1,000 points of demand
 * per minute a full bucket would take about four minutes to run dry, and this is the state after that.
 */
async function runRealTime(
  harness: AppHarness,
  tracker: TrackerService,
  seconds: number,
): Promise<RealTimeResult> {
  const { simulator } = harness;
  simulator.setRateLimit(HELIX_POINTS_PER_MINUTE);
  const someChannel = tracker.monitored().find((c) => c.broadcasterId)!.broadcasterId!;
  const drained = await drainModeratorBucket(simulator, someChannel);
  const before = simulator.stats;
  // A poll sets lastPolledAt when it completes (to the time it was due): a change is a completed poll.
  const before0 = new Map(tracker.monitored().map((c) => [c.login, c.lastPolledAt?.getTime() ?? null]));
  const lastPoll = new Map<string, number>();
  const polledLogins = new Set<string>();
  let polls = 0;
  const started = performance.now();
  let wall = started;
  const timeline: number[] = [];
  let slotStart = before.helixRequests;
  while (performance.now() - started < seconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = performance.now();
    if (now - started >= (timeline.length + 1) * 10_000) {
      timeline.push(simulator.stats.helixRequests - slotStart);
      slotStart = simulator.stats.helixRequests;
    }
    simulator.advanceClock(Math.round(now - wall));
    wall = now;
    for (const channel of tracker.monitored()) {
      const at = channel.lastPolledAt?.getTime() ?? null;
      if (at === null || at === before0.get(channel.login) || at === lastPoll.get(channel.login)) continue;
      polls += 1;
      polledLogins.add(channel.login);
      lastPoll.set(channel.login, at);
    }
  }
  const after = simulator.stats;
  const elapsed = (performance.now() - started) / 1000;
  await settle(simulator);
  return {
    seconds: elapsed,
    points: after.helixRequests - before.helixRequests,
    tooMany: after.tooManyRequests - before.tooManyRequests,
    polls,
    channelsPolled: polledLogins.size,
    drained,
    timeline,
  };
}

/**
 * With the clock frozen nothing new falls due, but polls queued while @twurple waits for the bucket to
 * refill are still to run: waits until they have run (a burst, then 2 s of quiet; at most 70 s), so that
 * no poll and no write outlives the app.
 */
async function settle(simulator: TwitchSimulator): Promise<void> {
  const start = performance.now();
  let last = simulator.stats.helixRequests;
  let changedAt = 0;
  while (performance.now() - start < 70_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const requests = simulator.stats.helixRequests;
    if (requests !== last) {
      last = requests;
      changedAt = performance.now();
    } else if (changedAt > 0 && performance.now() - changedAt > 2_000) {
      return;
    }
  }
}

interface ReplayResult {
  target: string;
  migrations: number;
  counts: number;
  migrationMs: number;
  countMs: number;
  checkpointMs: number;
}

/** The recorded flushes, in order, through fresh repositories on one dialect (SQLite: a temp file). */
async function replayWrites(
  target: SqlTarget,
  flushes: readonly RecordedFlush[],
  checkpointFile: string,
): Promise<ReplayResult> {
  const { url, drop } = await benchDatabase(target, 'writes');
  let sequelize: Sequelize | null = null;
  try {
    sequelize = createSequelize({ ...parseDatabaseUrl(url), logging: false }, [
      MigrationEntity,
      MigrationEdgeHourEntity,
      ViewerCountEntity,
    ]);
    await migrateSchema(sequelize);
    const repository = new SequelizeMigrationRepository(sequelize, MigrationEntity, ViewerCountEntity);
    const checkpoints = new TrackerCheckpointRepository(sequelize);
    const result: ReplayResult = {
      target: target.name,
      migrations: 0,
      counts: 0,
      migrationMs: 0,
      countMs: 0,
      checkpointMs: 0,
    };
    const recordedCheckpoints = readCheckpoints(checkpointFile);
    for (const flush of flushes) {
      if (flush.migrations.length > 0) {
        const start = performance.now();
        await repository.saveBatch(flush.migrations);
        result.migrationMs += performance.now() - start;
        result.migrations += flush.migrations.length;
      }
      if (flush.counts.length > 0) {
        const start = performance.now();
        await repository.saveViewerCounts(flush.counts);
        result.countMs += performance.now() - start;
        result.counts += flush.counts.length;
      }
      if (flush.checkpoint) {
        const { value: checkpoint } = await recordedCheckpoints.next();
        if (!checkpoint) throw new Error('Fewer checkpoints recorded than flushes that wrote one');
        const start = performance.now();
        await checkpoints.save(checkpoint.delta, checkpoint.savedAt);
        result.checkpointMs += performance.now() - start;
      }
    }
    return result;
  } finally {
    await sequelize?.close();
    await drop();
  }
}

function perSecond(rows: number, milliseconds: number): string {
  return milliseconds > 0 ? Math.round((rows * 1000) / milliseconds).toLocaleString('en') : '–';
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MiB`;
}

export async function benchTracking(options: TrackingBenchOptions): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmt-tracking-'));
  const memory = new PeakMemory();
  memory.start();
  const startedAt = performance.now();
  const harness: AppHarness = await startApp(
    (simulator) => ({
      DATABASE_URL: `sqlite:${join(dataDir, 'tracking.sqlite')}`,
      TRACKER_ENABLED: 'true',
      TRACKER_CHANNELS: String(CHANNELS),
      STREAMS_TOP_N: String(CHANNELS),
      // No snapshot refresh during the measurement: every Helix point counted is a Get Chatters page.
      STREAMS_REFRESH_CRON: '0 0 1 1 *',
      TWITCH_MODERATOR_TOKEN: simulator.issueUserToken('simmod', ['moderator:read:chatters']),
    }),
    { ...WORLD, rateLimitPerMinute: GENEROUS_LIMIT },
    { shareClock: true },
  );
  let closed = false;
  const closeApp = async () => {
    if (closed) return;
    closed = true;
    await harness.close();
  };
  try {
    const { simulator } = harness;
    const refreshed = await harness.graphql('mutation { refreshTopStreams { id streamCount } }');
    if (refreshed.errors) throw new Error(`refreshTopStreams failed: ${JSON.stringify(refreshed.errors)}`);
    const tracker = harness.app.get(TrackerService);
    const writes = recordWrites(
      harness.app.get(MigrationRepository),
      harness.app.get(TrackerCheckpointRepository),
      join(dataDir, 'checkpoints.ndjson'),
    );
    memory.sample();
    const idleRss = process.memoryUsage().rss;

    // The tracker's own 1-second timer keeps ticking beside these calls and may take some of the due
    // channels itself: a round ends when every monitored channel has been polled at the round's time and
    // the round's flush is done (flushes are chained, so one more tick waits for it).
    const round = async (): Promise<Round> => {
      simulator.advanceClock(MINUTE);
      const now = harness.clock.now();
      const before = simulator.stats;
      const migrationsBefore = writes.migrations;
      const start = performance.now();
      await tracker.tick();
      const unpolled = () => tracker.monitored().filter((c) => (c.lastPolledAt?.getTime() ?? 0) < now);
      while (unpolled().length > 0 && performance.now() - start < 120_000) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await tracker.tick();
      const wallMs = performance.now() - start;
      const after = simulator.stats;
      return {
        wallMs,
        polled: tracker.monitored().length - unpolled().length,
        points: after.helixRequests - before.helixRequests,
        tooMany: after.tooManyRequests - before.tooManyRequests,
        migrations: writes.migrations - migrationsBefore,
      };
    };
    // Applies the selection: the scheduler spreads the channels' first slots over the coming minute.
    await tracker.tick();
    // The first poll of a channel is its baseline (no joins): measured apart.
    const baseline = await round();
    const rounds: Round[] = [];
    for (let i = 0; i < options.rounds; i += 1) {
      rounds.push(await round());
      const last = rounds.at(-1)!;
      logger.log(
        `Round ${i + 1}: ${last.polled} channels, ${ms(last.wallMs)} ms, ${last.points} points, ${last.migrations} migrations`,
      );
    }
    const chatters = tracker
      .monitored()
      .map((c) => c.chatters)
      .filter((n): n is number => n !== null);
    const status = tracker.status();
    memory.sample();
    // The writes of the simulated rounds, before the real-time run adds its own.
    const inApp = {
      migrations: writes.migrations,
      counts: writes.counts,
      mMs: writes.migrationMs,
      cMs: writes.countMs,
      checkpointMs: writes.checkpointMs,
      checkpoints: { ...writes.checkpoints },
    };
    const flushes = [...writes.flushes];

    let realTime: RealTimeResult | null = null;
    if (options.realTimeSeconds > 0) {
      logger.log(`Real-time run at ${HELIX_POINTS_PER_MINUTE} points/min for ${options.realTimeSeconds} s`);
      realTime = await runRealTime(harness, tracker, options.realTimeSeconds);
    }
    memory.sample();
    await closeApp();

    const replays: ReplayResult[] = [];
    for (const target of sqlTargets())
      replays.push(await replayWrites(target, flushes, writes.checkpointFile));
    memory.stop();

    const wall = rounds.map((r) => r.wallMs);
    const points = rounds.map((r) => r.points);
    const tooMany = rounds.reduce((sum, r) => sum + r.tooMany, 0);
    const migrationsPerRound = rounds.map((r) => r.migrations);
    const pointsMedian = median(points);
    const lines = [
      `The real app (AppModule, @twurple, SQLite file) on the in-process simulator's manual clock, ` +
        `TRACKER_CHANNELS=${CHANNELS}, Get Chatters with simmod's moderator token. World: ` +
        `${WORLD.channels} channels, ${WORLD.liveShare! * 100}% live, audienceScale ${WORLD.audienceScale}, ` +
        `maxChannelAudience ${WORLD.maxChannelAudience}: median ${median(chatters)} chatters per monitored channel ` +
        `(min ${Math.min(...chatters)}, max ${Math.max(...chatters)}; ${chatters.reduce((a, b) => a + b, 0).toLocaleString('en')} ` +
        `in all), ${status.trackedUsers.toLocaleString('en')} users tracked after the last round. One round = advance ` +
        `the shared clock by 60 s and tick: every channel is due and polled once (8 Get Chatters in flight), ` +
        `then the migrations that became final and the viewer counts are written; the round ends when every ` +
        `channel was polled and that write is done. Migrations become final once the 300 s window has passed, ` +
        `so the first rounds write none.`,
      '',
      '| | rounds | channels polled per round | wall ms per round, median | p95 | Helix points per round (= per simulated minute), median | share of 800 points/min | 429s | migrations written per round, median |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| first round (every channel's baseline poll) | 1 | ${baseline.polled} | ${ms(baseline.wallMs)} | | ${baseline.points} | ` +
        `${Math.round((baseline.points / HELIX_POINTS_PER_MINUTE) * 100)}% | ${baseline.tooMany} | ${baseline.migrations} |`,
      `| simulated 60 s rounds | ${rounds.length} | ${median(rounds.map((r) => r.polled))} | ${ms(median(wall))} | ` +
        `${ms(percentile(wall, 95))} | ${pointsMedian} | ${Math.round((pointsMedian / HELIX_POINTS_PER_MINUTE) * 100)}% | ` +
        `${tooMany} | ${median(migrationsPerRound).toLocaleString('en')} |`,
      '',
      `Rate budget: the simulator's Helix bucket runs on wall-clock time, and these rounds pack 60 simulated ` +
        `seconds into the wall time above, so during them its limit is raised to ${GENEROUS_LIMIT.toLocaleString('en')}/min ` +
        `(the 429 column is 0 by construction there). The budget share is computed instead: each Get Chatters page ` +
        `costs 1 point, so points per round = Helix requests the simulator counted during the round, and one round ` +
        `is one simulated minute. ${pointsMedian} points per minute against ${HELIX_POINTS_PER_MINUTE} is ` +
        `${Math.round((pointsMedian / HELIX_POINTS_PER_MINUTE) * 100)}% of the bucket: ` +
        (pointsMedian > HELIX_POINTS_PER_MINUTE
          ? `polling ${CHANNELS} channels every 60 s does not fit one moderator's budget.`
          : 'it fits.'),
    ];
    if (realTime) {
      const perMinute = (realTime.points / realTime.seconds) * 60;
      lines.push(
        '',
        `Real time at Helix's ${HELIX_POINTS_PER_MINUTE} points/min: the tracker's own 1-second timer drives it, the ` +
          `shared clock follows the wall clock, for ${realTime.seconds.toFixed(0)} s. The moderator's bucket is ` +
          `emptied first (${realTime.drained} requests), the state that ~${pointsMedian} points/min of demand reaches ` +
          `after about ${Math.max(1, Math.round(HELIX_POINTS_PER_MINUTE / Math.max(1, pointsMedian - HELIX_POINTS_PER_MINUTE)))} ` +
          'minutes from a full bucket. Points per minute = Helix requests the simulator served in the window ÷ its length.',
        '',
        '| seconds | Helix points used | points per minute | share of 800 | 429s | polls completed | channels polled | mean interval between two polls of a channel |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|',
        `| ${realTime.seconds.toFixed(0)} | ${realTime.points} | ${perMinute.toFixed(0)} | ` +
          `${Math.round((perMinute / HELIX_POINTS_PER_MINUTE) * 100)}% | ${realTime.tooMany} | ${realTime.polls} | ` +
          `${realTime.channelsPolled} of ${CHANNELS} | ${((CHANNELS / realTime.polls) * realTime.seconds).toFixed(0)} s |`,
        '',
        `Helix requests in each 10 s of the window: ${realTime.timeline.join(', ')}. No 429: @twurple reads ` +
          '`Ratelimit-Remaining` and, once it reaches 0, holds every request until `Ratelimit-Reset` — when the ' +
          'bucket is full again, about a minute later — then spends the bucket in a burst. The tracker does not ' +
          'budget: its scheduler keeps every channel on its 60 s slot and only 8 Get Chatters are in flight, so ' +
          'the excess waits in that queue. Every channel is still polled, but about every ' +
          `${((CHANNELS / realTime.polls) * realTime.seconds).toFixed(0)} s instead of 60 s, in bursts; and a poll ` +
          "held there is stamped with the time it fell due, though Twitch's answer is up to a minute younger.",
      );
    }
    lines.push(
      '',
      `Store writes: the app's own \`saveBatch\` / \`saveViewerCounts\` calls during the rounds above (SQLite file, ` +
        `sharing the CPU with polling), then the very same ${flushes.length} flushes replayed in order through a ` +
        `fresh \`SequelizeMigrationRepository\` on each dialect. MongoDB: not measured, no \`mongod\` can run on this machine.`,
      '',
      '| store | migrations written | migrations/s | viewer-count rows | viewer-count rows/s |',
      '|---|---:|---:|---:|---:|',
      `| SQLite, inside the tracking app | ${inApp.migrations.toLocaleString('en')} | ${perSecond(inApp.migrations, inApp.mMs)} | ` +
        `${inApp.counts.toLocaleString('en')} | ${perSecond(inApp.counts, inApp.cMs)} |`,
      ...replays.map(
        (r) =>
          `| ${r.target}, replayed | ${r.migrations.toLocaleString('en')} | ${perSecond(r.migrations, r.migrationMs)} | ` +
          `${r.counts.toLocaleString('en')} | ${perSecond(r.counts, r.countMs)} |`,
      ),
      '',
      `Crash checkpoint (README "Crashes and restarts"): after each flush the tracker stores what changed in its ` +
        `engine. Over the baseline and ${rounds.length + 1} rounds: ${inApp.checkpoints.saves} checkpoints, ` +
        `${inApp.checkpoints.userRows.toLocaleString('en')} user rows and ` +
        `${inApp.checkpoints.channelRows.toLocaleString('en')} channel rows written or deleted, ` +
        `${mib(inApp.checkpoints.bytes)} of text (every round rewrites each channel's whole list). Time spent ` +
        `writing them, per simulated 60 s round:`,
      '',
      '| store | checkpoint ms per round | share of the 60 s round |',
      '|---|---:|---:|',
      ...[
        { target: 'SQLite, inside the tracking app', checkpointMs: inApp.checkpointMs },
        ...replays.map((r) => ({ target: `${r.target}, replayed`, checkpointMs: r.checkpointMs })),
      ].map(({ target, checkpointMs }) => {
        const perRound = checkpointMs / (rounds.length + 1);
        return `| ${target} | ${ms(perRound)} | ${((perRound / MINUTE) * 100).toFixed(2)}% |`;
      }),
      '',
      `Memory of the whole process (app, simulator with ~${(simulator.audience.users / 1e6).toFixed(1)} M users, ` +
        `benchmark): RSS ${mib(idleRss)} before the first poll, peak RSS ${mib(memory.rss)}, peak heap used ` +
        `${mib(memory.heapUsed)}. Section wall time ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`,
    );
    return {
      title: `Tracking ${CHANNELS.toLocaleString('en')} channels × ~1,000 chatters in one process`,
      lines,
    };
  } finally {
    memory.stop();
    await closeApp().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
