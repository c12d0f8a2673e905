import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getOperationAST, Kind, parse } from 'graphql';
import { AppModule } from '../src/app.module';
import { queryLimits, estimateCost } from '../src/common/graphql/query-limits';
import { graphqlConfig, parseDatabaseUrl, trackerConfig } from '../src/config';
import { backfillGraphRollups } from '../src/database/migrations/0005-create-graph-rollups';
import { migrateSchema } from '../src/database/schema-migrator';
import { createSequelize } from '../src/database/sequelize-options';
import { logInRaw } from '../test/support/app-harness';
import { type BenchSection, median } from './bench-utils';
import { spawnBuiltService, waitForSnapshot } from './http-load.bench';
import { buildEdgeHours, generateMigrations } from './migration-graph-data';

const logger = new Logger('QueryCostBench');
const DAY = 86_400_000;
const CLOCK_TICKS_PER_SECOND = 100;
/** The world generateMigrations draws its channels from (seed 5), which the service's simulator then runs. */
const WORLD_SEED = 5;
const WORLD_CHANNELS = 3000;

const STREAM = 'id userId userLogin userName gameId gameName title viewerCount language startedAt';
const EDGE = 'from to count shareOfSourceLeavers shareOfTargetJoiners';
const MIGRATION = 'id userLogin fromChannel toChannel leftAt joinedAt viaRaid source';

interface Shape {
  label: string;
  /** One top-level field of the operation, repeated under aliases. */
  field: (context: ShapeContext) => string;
  /** An operation of its own (a mutation), never aliased. */
  mutation?: boolean;
}

interface ShapeContext {
  /** 31 days ago (the longest range) give or take ten minutes, read when the operation is written. */
  readonly since: string;
  busiest: string;
  sampled: string;
}

/** The largest requests each part of the schema allows: every list at its longest, every field. */
const SHAPES: Shape[] = [
  { label: '`me`', field: () => 'me { id login displayName profileImageUrl email isAdmin }' },
  {
    label: '`streamStats(source: DATABASE) { medianViewers }`',
    field: () => 'streamStats(source: DATABASE) { medianViewers }',
  },
  {
    label: '`streamStats { duplicateGroups(limit: 1000) { viewerCount streams { 10 fields } } }`',
    field: () => `streamStats { duplicateGroups(limit: 1000) { viewerCount streams { ${STREAM} } } }`,
  },
  {
    label: '`streamStats { games(limit: 1000) { 5 fields } }`',
    field: () => 'streamStats { games(limit: 1000) { gameId gameName streamCount maxViewers totalViewers } }',
  },
  {
    label: '`streamStats(source: DATABASE)`, every field and list at 1000',
    field: () =>
      `streamStats(source: DATABASE) { source totalStreams medianViewers oddViewerStreams evenViewerStreams
        duplicateViewerStreams snapshot { id takenAt streamCount }
        duplicateGroups(limit: 1000) { viewerCount streams { ${STREAM} } }
        games(limit: 1000, order: ASC) { gameId gameName streamCount maxViewers totalViewers } }`,
  },
  { label: '`topStreams(limit: 1) { id }`', field: () => 'topStreams(limit: 1) { id }' },
  { label: '`topStreams(limit: 100) { 10 fields }`', field: () => `topStreams(limit: 100) { ${STREAM} }` },
  {
    label: '`streams(first: 100)`, every field',
    field: () =>
      `streams(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${STREAM} } } }`,
  },
  {
    label: '`migrationGraph(limit: 1) { totalMigrations }`, last 24 h',
    field: () => 'migrationGraph(limit: 1) { totalMigrations }',
  },
  {
    label: '`migrationGraph(limit: 1) { totalMigrations }`, last 31 days',
    field: ({ since }) => `migrationGraph(limit: 1, since: "${since}") { totalMigrations }`,
  },
  {
    label: '`channelFlows(limit: 1) { channel }` of the busiest channel, last 24 h',
    field: ({ busiest }) => `channelFlows(channel: "${busiest}", limit: 1) { channel }`,
  },
  {
    label: '`channelFlows(limit: 1) { channel }` of the busiest channel, last 31 days',
    field: ({ since, busiest }) =>
      `channelFlows(channel: "${busiest}", limit: 1, since: "${since}") { channel }`,
  },
  {
    label: '`migrations(first: 1) { totalCount }`, last 24 h',
    field: () => 'migrations(first: 1) { totalCount }',
  },
  {
    label: '`migrations(first: 1) { totalCount }`, last 31 days',
    field: ({ since }) => `migrations(first: 1, since: "${since}") { totalCount }`,
  },
  {
    label: '`viewerCounts` of a channel sampled every minute, last 24 h',
    field: ({ sampled }) => `viewerCounts(channel: "${sampled}") { at viewers chatters }`,
  },
  {
    label: '`migrationGraph(limit: 1000)`, last 24 h, nodes with their `stream`',
    field: () =>
      `migrationGraph(limit: 1000) { since until totalMigrations
        nodes { channel outgoing incoming stream { ${STREAM} } } edges { ${EDGE} } }`,
  },
  {
    label: '`migrationGraph(limit: 1000)`, last 31 days',
    field: ({ since }) =>
      `migrationGraph(limit: 1000, since: "${since}") { since until totalMigrations
        nodes { channel outgoing incoming } edges { ${EDGE} } }`,
  },
  {
    label: '`channelFlows(limit: 200)` of the busiest channel, last 31 days',
    field: ({ since, busiest }) =>
      `channelFlows(channel: "${busiest}", limit: 200, since: "${since}") { channel incoming { ${EDGE} } outgoing { ${EDGE} } }`,
  },
  {
    label: '`migrations(first: 100)` of the busiest channel, last 31 days',
    field: ({ since, busiest }) =>
      `migrations(toChannel: "${busiest}", first: 100, since: "${since}") { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { ${MIGRATION} } } }`,
  },
  {
    label: '`migrations(first: 100)`, all channels, last 31 days',
    field: ({ since }) =>
      `migrations(first: 100, since: "${since}") { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { ${MIGRATION} } } }`,
  },
  {
    label: '`viewerCounts` of a channel sampled every minute, last 31 days',
    field: ({ since, sampled }) =>
      `viewerCounts(channel: "${sampled}", since: "${since}") { at viewers chatters }`,
  },
  {
    label: '`refreshTopStreams` (mutation)',
    field: () => 'refreshTopStreams { id streamCount }',
    mutation: true,
  },
];

function operation(shape: Shape, context: ShapeContext, copies: number): string {
  const fields = Array.from(
    { length: copies },
    (_, i) => `${i === 0 ? '' : `a${i}: `}${shape.field(context)}`,
  );
  return `${shape.mutation ? 'mutation ' : ''}{ ${fields.join(' ')} }`;
}

/** The service's process, as the kernel accounts for it (every thread: SQLite's work runs off the main one). */
class ProcessMeter {
  constructor(private readonly pid: number) {}

  cpuMs(): number {
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name's closing parenthesis.
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  /** Resets the peak resident set size to the current one (Linux clear_refs). */
  resetPeak(): void {
    writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
  }

  memoryKb(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }
}

interface Measured {
  cpuMs: number;
  peakMb: number;
  bytes: number;
  errors: string | null;
}

async function post(url: string, token: string, query: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return response.text();
}

async function measure(meter: ProcessMeter, url: string, token: string, query: string): Promise<Measured> {
  meter.resetPeak();
  const before = meter.memoryKb().rss;
  const cpu = meter.cpuMs();
  const text = await post(url, token, query);
  const cpuMs = meter.cpuMs() - cpu;
  const peakMb = (meter.memoryKb().peak - before) / 1024;
  const body = JSON.parse(text) as { errors?: { message: string }[] };
  return { cpuMs, peakMb, bytes: text.length, errors: body.errors?.map((e) => e.message).join('; ') ?? null };
}

/**
 * Migrations over 30 days between the channels of the simulated world the service runs on (so that graph
 * nodes have their live stream), and a month of per-minute viewer samples of one channel, in the SQLite file.
 */
async function loadData(url: string, migrations: number): Promise<void> {
  const sequelize = createSequelize({ ...parseDatabaseUrl(url), logging: false });
  try {
    await migrateSchema(sequelize);
    const endMs = Date.now();
    await generateMigrations(sequelize, {
      rows: migrations,
      channels: WORLD_CHANNELS,
      users: 1_000_000,
      endMs,
      spanMs: 30 * DAY,
    });
    await buildEdgeHours(sequelize);
    await backfillGraphRollups(sequelize.getQueryInterface());
    const minutes = 31 * 24 * 60;
    await sequelize.query(`
      INSERT INTO viewer_counts (channel, at, viewers, chatters)
      WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < ${minutes})
      SELECT 'sampledchannel', strftime('%Y-%m-%d %H:%M:%S', (${endMs} - i * 60000) / 1000, 'unixepoch') || '.000 +00:00',
             1000 + i % 97, 800 + i % 89 FROM m`);
  } finally {
    await sequelize.close();
  }
}

/** The schema and the default limits, for pricing operations without running them. */
async function pricing(): Promise<(query: string) => number> {
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: 'sqlite::memory:',
    STREAMS_REFRESH_ON_START: 'false',
    TRACKER_ENABLED: 'false',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ embeddedSimulator: true }), {
    logger: ['error', 'warn'],
  });
  const schema = app.get(GraphQLSchemaHost).schema;
  const { sizes } = queryLimits(graphqlConfig(), trackerConfig());
  await app.close();
  process.env = saved;
  // The context above quietened the app-wide logger; this section reports its progress.
  Logger.overrideLogger(['log', 'error', 'warn']);
  return (query) => {
    const document = parse(query);
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    return estimateCost(schema, getOperationAST(document)!, fragments, {}, sizes, Infinity);
  };
}

/**
 * Each shape of request at the most copies (aliases) the default limits let through, run against the
 * built service (embedded default: SQLite file, 1,000-stream snapshot, `migrations` loaded) in a child
 * process: its CPU time and peak resident memory growth per request, from /proc.
 */
export async function benchQueryCost(options: { migrations: number; runs: number }): Promise<BenchSection> {
  const limits = graphqlConfig();
  const price = await pricing();
  const dataDir = mkdtempSync(join(tmpdir(), 'tmt-cost-'));
  const url = `sqlite:${join(dataDir, 'cost.sqlite')}`;
  logger.log(`Loading ${options.migrations.toLocaleString('en')} migrations into ${url}`);
  await loadData(url, options.migrations);
  const { child, url: service } = await spawnBuiltService({
    DATABASE_URL: url,
    // Quiet: no polling in the background of the measurements.
    TRACKER_ENABLED: 'false',
    ADMIN_LOGINS: 'simviewer',
    // The copies sent are chosen by the default limits (priced here); the service lets everything through,
    // so that requests the defaults refuse can be measured as well.
    GRAPHQL_MAX_COST: '100000000',
    GRAPHQL_MAX_ALIASES: '100000',
    GRAPHQL_MAX_TOKENS: '1000000',
    SIMULATOR_SEED: String(WORLD_SEED),
    SIMULATOR_CHANNELS: String(WORLD_CHANNELS),
  });
  try {
    await waitForSnapshot(service, child);
    const login = await logInRaw(service);
    if (login.status !== 200) throw new Error(`Login failed: ${JSON.stringify(login.body)}`);
    const token = login.body.accessToken;
    const busiestAnswer = JSON.parse(
      await post(service, token, '{ migrationGraph(limit: 1) { edges { to } } }'),
    ) as { data: { migrationGraph: { edges: { to: string }[] } } };
    const context: ShapeContext = {
      get since() {
        return new Date(Date.now() - 31 * DAY + 600_000).toISOString();
      },
      busiest: busiestAnswer.data.migrationGraph.edges[0].to,
      sampled: 'sampledchannel',
    };
    const meter = new ProcessMeter(child.pid!);
    const rows: string[] = [];
    for (const shape of SHAPES) {
      // One `since` for the shape, so that what is priced is what is sent.
      const fixed: ShapeContext = { ...context, since: context.since };
      const one = price(operation(shape, fixed, 1));
      // The most copies the default limits let through; a request refused even alone is measured alone.
      let copies = shape.mutation ? 1 : Math.min(limits.maxAliases + 1, Math.floor(limits.maxCost / one));
      while (copies > 1 && price(operation(shape, fixed, copies)) > limits.maxCost) copies -= 1;
      const refused = one > limits.maxCost;
      copies = Math.max(1, copies);
      const query = operation(shape, fixed, copies);
      const cost = price(query);
      await measure(meter, service, token, query);
      const runs: Measured[] = [];
      for (let run = 0; run < options.runs; run += 1) runs.push(await measure(meter, service, token, query));
      const failed = runs.find((r) => r.errors);
      if (failed) throw new Error(`${shape.label} ×${copies} failed: ${failed.errors}`);
      const cpuMs = median(runs.map((r) => r.cpuMs));
      const peakMb = Math.max(...runs.map((r) => r.peakMb));
      rows.push(
        `| ${shape.label} | ${one.toLocaleString('en')} | ${refused ? 'none (1 measured)' : copies} | ${cost.toLocaleString('en')} | ${cpuMs.toFixed(0)} | ` +
          `${((cpuMs * 1000) / cost).toFixed(1)} | ${peakMb.toFixed(1)} | ${(runs[0].bytes / 1024).toFixed(0)} |`,
      );
      logger.log(rows.at(-1)!);
    }
    return {
      title: 'Query cost limits: the largest requests allowed',
      lines: [
        `The built service (embedded default: SQLite file, STREAMS_TOP_N=1000, ${options.migrations.toLocaleString('en')} ` +
          'migrations over 30 days, a month of per-minute viewer samples of one channel; tracker off) in its own ' +
          'process. Each shape is sent with as many aliased copies as the default limits let through ' +
          `(GRAPHQL_MAX_COST=${limits.maxCost}, GRAPHQL_MAX_ALIASES=${limits.maxAliases}; one copy when they refuse even that), ` +
          `${options.runs} times after a warm-up: CPU is the service process's user + system time for the request ` +
          '(median; /proc/<pid>/stat, every thread, in 10 ms ticks), peak memory the growth of its resident set over the request ' +
          '(largest; VmHWM after clear_refs).',
        '',
        '| request | cost of one | copies allowed | cost | CPU ms | µs per unit | peak memory MB | answer KB |',
        '|---|---:|---:|---:|---:|---:|---:|---:|',
        ...rows,
        '',
        'Target: no request allowed by the default limits takes more than about a second of CPU or 50 MB.',
      ],
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
