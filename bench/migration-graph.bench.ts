import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { Logger } from '@nestjs/common';
import type { SequelizeModuleOptions } from '@nestjs/sequelize';
import { QueryTypes } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import { parseDatabaseUrl } from '../src/config';
import { backfillGraphRollups } from '../src/database/migrations/0005-create-graph-rollups';
import { migrateSchema } from '../src/database/schema-migrator';
import { buildSequelizeOptions, createSequelize } from '../src/database/sequelize-options';
import { groupByEdgeHour, naturalKey } from '../src/migration/migration-batch';
import { MIGRATION_LIMITS } from '../src/migration/migration-limits';
import type { MigrationGraphResult, NewMigrationRecord } from '../src/migration/migration-record';
import type { MigrationGraphQuery } from '../src/migration/migration-repository.port';
import { MigrationEdgeHourEntity } from '../src/migration/persistence/sequelize/entities/migration-edge-hour.entity';
import { MigrationEntity } from '../src/migration/persistence/sequelize/entities/migration.entity';
import { ViewerCountEntity } from '../src/migration/persistence/sequelize/entities/viewer-count.entity';
import { SequelizeMigrationRepository } from '../src/migration/persistence/sequelize/sequelize-migration.repository';
import { graphql, startApp } from '../test/support/app-harness';
import { countGraph } from '../test/support/migration-graph-reference';
import { openTestDatabase, type SqlTarget, sqlTargets } from '../test/support/sql-test-database';
import { benchDatabase, type BenchSection, median, ms, percentile } from './bench-utils';
import {
  buildEdgeHours,
  countRows,
  databaseBytes,
  type GeneratedMigrations,
  generateMigrations,
  secondaryIndexes,
} from './migration-graph-data';

const logger = new Logger('MigrationGraphBench');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MODELS = [MigrationEntity, MigrationEdgeHourEntity, ViewerCountEntity];

export interface MigrationGraphBenchOptions {
  /** Migrations stored (10 million in the full run). */
  rows: number;
  /** Timed runs of each query, after one warm-up. */
  runs: number;
}

interface NamedQuery {
  label: string;
  query: (now: number, busiest: string[]) => MigrationGraphQuery;
}

const DEFAULTS = { minCount: 1, limit: MIGRATION_LIMITS.graphEdges.default };

const QUERIES: NamedQuery[] = [
  {
    label: 'last 24 h (the default range), defaults',
    query: (now) => ({ since: new Date(now - DAY), until: new Date(now), ...DEFAULTS }),
  },
  {
    label: 'last 24 h, channels: the busiest and the 100th',
    query: (now, busiest) => ({
      since: new Date(now - DAY),
      until: new Date(now),
      ...DEFAULTS,
      channels: [busiest[0], busiest[99]],
    }),
  },
  {
    label: 'last 24 h, minCount 10, limit 50',
    query: (now) => ({ since: new Date(now - DAY), until: new Date(now), minCount: 10, limit: 50 }),
  },
  {
    label: 'last 7 days, defaults',
    query: (now) => ({ since: new Date(now - 7 * DAY), until: new Date(now), ...DEFAULTS }),
  },
  {
    label: 'last 30 days, defaults',
    query: (now) => ({ since: new Date(now - 30 * DAY), until: new Date(now), ...DEFAULTS }),
  },
  {
    label: 'last 30 days, limit 1000 (the largest allowed)',
    query: (now) => ({
      since: new Date(now - 30 * DAY),
      until: new Date(now),
      minCount: 1,
      limit: MIGRATION_LIMITS.graphEdges.max,
    }),
  },
];

function repositoryOf(sequelize: Sequelize): SequelizeMigrationRepository {
  return new SequelizeMigrationRepository(sequelize, MigrationEntity, ViewerCountEntity);
}

async function busiestChannels(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ from_channel: string }>(
    `SELECT from_channel FROM migration_edge_hours GROUP BY from_channel ORDER BY SUM(count) DESC, from_channel`,
    { type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.from_channel);
}

/**
 * Generates a small data set the same way as the big one, then proves it is what the adapter would have
 * written: the buckets equal `groupByEdgeHour` of the raw rows (the adapter's own grouping), and
 * `repository.graph` equals counting the raw rows, for queries with partial hours at both ends.
 */
async function checkGeneratedData(target: SqlTarget): Promise<string> {
  const db = await openTestDatabase(target, MODELS);
  try {
    const endMs = Date.UTC(2026, 10, 22, 12, 41, 17, 123);
    const spec: GeneratedMigrations = {
      rows: 30_000,
      channels: 1000,
      users: 1_000_000,
      endMs,
      spanMs: 3 * DAY,
    };
    await generateMigrations(db.sequelize, spec);
    await buildEdgeHours(db.sequelize);
    await backfillGraphRollups(db.sequelize.getQueryInterface());
    const rows: NewMigrationRecord[] = (await MigrationEntity.findAll()).map((e) => ({
      userLogin: e.userLogin,
      fromChannel: e.fromChannel,
      toChannel: e.toChannel,
      leftAt: e.leftAt,
      joinedAt: e.joinedAt,
      viaRaid: Boolean(e.viaRaid),
      source: e.source,
    }));
    if (rows.length !== spec.rows) throw new Error(`Generated ${rows.length} rows, expected ${spec.rows}`);
    if (new Set(rows.map(naturalKey)).size !== rows.length) throw new Error('Natural keys repeat');
    const bucketKey = (from: string, to: string, hour: Date) => `${from} ${to} ${hour.toISOString()}`;
    const expected = new Map(groupByEdgeHour(rows).map((b) => [bucketKey(b.from, b.to, b.hour), b.count]));
    const stored = new Map(
      (await MigrationEdgeHourEntity.findAll()).map((b) => [
        bucketKey(b.fromChannel, b.toChannel, b.hour),
        b.count,
      ]),
    );
    if (!isDeepStrictEqual(stored, expected)) throw new Error(`Generated buckets differ on ${target.name}`);
    const busiest = await busiestChannels(db.sequelize);
    const repository = repositoryOf(db.sequelize);
    const queries = [
      ...QUERIES.map((q) => q.query(endMs - 17 * 60_000, busiest)),
      { since: new Date(endMs - 2.5 * DAY), until: new Date(endMs - 1.3 * HOUR), minCount: 2, limit: 1000 },
      { since: new Date(endMs - 40 * 60_000), until: new Date(endMs - 5 * 60_000), minCount: 1, limit: 5 },
    ];
    for (const query of queries) {
      const actual = await repository.graph(query);
      if (!isDeepStrictEqual(actual, countGraph(rows, query))) {
        throw new Error(`graph ${JSON.stringify(query)} on ${target.name} differs from counting raw rows`);
      }
    }
    return `${queries.length} queries and ${expected.size.toLocaleString('en')} buckets over ${spec.rows.toLocaleString('en')} rows`;
  } finally {
    await db.close();
  }
}

interface LoadedDatabase {
  url: string;
  spec: GeneratedMigrations;
  loadMs: { rows: number; indexes: number; buckets: number; total: number };
  bytes: number;
  buckets: number;
  drop(): Promise<void>;
}

/** Tables whose secondary indexes are dropped for the load and re-created afterwards. */
const LOADED_TABLES = [
  'migrations',
  'migration_edge_hours',
  'migration_edge_days',
  'migration_channel_hours',
  'migration_channel_days',
];

/**
 * The loader's connection: the service's options with a pool of one, so that the session settings below
 * hold for every statement of the load.
 */
function loaderConnection(url: string): Sequelize {
  const { uri, ...options } = {
    uri: undefined,
    ...buildSequelizeOptions({ ...parseDatabaseUrl(url), logging: false }),
  } as SequelizeModuleOptions;
  const pooled = { ...options, pool: { max: 1, min: 1, idle: 600_000 } };
  return uri ? new Sequelize(uri, pooled) : new Sequelize(pooled);
}

/** Sorts, hash aggregates and temporary tables of the load in memory where the dialect lets a session say so. */
const LOAD_SESSION: Record<string, string[]> = {
  sqlite: ['PRAGMA cache_size = -262144'],
  postgres: [`SET maintenance_work_mem = '512MB'`, `SET work_mem = '256MB'`],
  mariadb: [
    'SET SESSION tmp_table_size = 1073741824',
    'SET SESSION max_heap_table_size = 1073741824',
    'SET SESSION sort_buffer_size = 268435456',
  ],
};

/**
 * A scratch database (SQLite: a temp file) migrated by umzug, then loaded with `rows` migrations, their
 * hourly buckets, and the graph rollups by migration 0005's own backfill — as an upgraded deployment
 * would have them.
 */
async function loadDatabase(target: SqlTarget, rows: number): Promise<LoadedDatabase> {
  const { url, drop } = await benchDatabase(target, 'graph');
  const sequelize = loaderConnection(url);
  try {
    await migrateSchema(sequelize);
    const dialect = sequelize.getDialect();
    for (const sql of LOAD_SESSION[dialect] ?? []) await sequelize.query(sql);
    const spec: GeneratedMigrations = {
      rows,
      channels: 1000,
      users: 1_000_000,
      endMs: Date.now(),
      spanMs: 30 * DAY,
    };
    // Indexes are dropped for the load and re-created from their own definitions: a bulk build is much
    // faster than maintaining them row by row, and yields the same schema.
    const indexes = await Promise.all(LOADED_TABLES.map((table) => secondaryIndexes(sequelize, table)));
    for (const sql of indexes.flatMap((i) => i.drop)) await sequelize.query(sql);
    const started = performance.now();
    let lastLog = started;
    await generateMigrations(sequelize, spec, (inserted) => {
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        logger.log(`${target.name}: ${inserted.toLocaleString('en')} migrations inserted`);
      }
    });
    const rowsDone = performance.now();
    for (const sql of indexes[0].create) await sequelize.query(sql);
    const indexesDone = performance.now();
    await buildEdgeHours(sequelize);
    await backfillGraphRollups(sequelize.getQueryInterface());
    for (const sql of indexes.slice(1).flatMap((i) => i.create)) await sequelize.query(sql);
    // PostgreSQL's autovacuum would analyse and vacuum (visibility map for index-only scans) these
    // insert-only tables on its own; MariaDB recomputes persistent statistics after 10% of rows change.
    if (dialect === 'postgres') await sequelize.query(`VACUUM ANALYZE ${LOADED_TABLES.join(', ')}`);
    if (dialect === 'mariadb') {
      await sequelize.query(`ANALYZE TABLE ${LOADED_TABLES.join(', ')}`, { type: QueryTypes.SELECT });
    }
    const done = performance.now();
    const buckets = await countRows(sequelize, 'migration_edge_hours');
    const stored = await countRows(sequelize, 'migrations');
    if (stored !== rows) throw new Error(`Loaded ${stored} migrations, expected ${rows}`);
    return {
      url,
      spec,
      loadMs: {
        rows: rowsDone - started,
        indexes: indexesDone - rowsDone,
        buckets: done - indexesDone,
        total: done - started,
      },
      bytes: await databaseBytes(sequelize),
      buckets,
      drop,
    };
  } catch (error) {
    await sequelize.close().catch(() => undefined);
    await drop();
    throw error;
  } finally {
    await sequelize.close().catch(() => undefined);
  }
}

interface QueryTiming {
  label: string;
  median: number;
  p95: number;
  edges: number;
  total: number;
}

/** Each query `runs` times after a warm-up, interleaved so that the machine's drift hits all alike. */
async function timeQueries(url: string, runs: number, now: number): Promise<QueryTiming[]> {
  const sequelize = createSequelize({ ...parseDatabaseUrl(url), logging: false }, MODELS);
  try {
    const repository = repositoryOf(sequelize);
    const busiest = await busiestChannels(sequelize);
    const queries = QUERIES.map((q) => ({ label: q.label, query: q.query(now, busiest) }));
    const times: number[][] = queries.map(() => []);
    const answers: MigrationGraphResult[] = [];
    for (const { query } of queries) answers.push(await repository.graph(query));
    for (let run = 0; run < runs; run += 1) {
      for (const [i, { query }] of queries.entries()) {
        const start = performance.now();
        await repository.graph(query);
        times[i].push(performance.now() - start);
      }
    }
    return queries.map(({ label }, i) => ({
      label,
      median: median(times[i]),
      p95: percentile(times[i], 95),
      edges: answers[i].edges.length,
      total: answers[i].totalMigrations,
    }));
  } finally {
    await sequelize.close();
  }
}

/** `migrationGraph` with no arguments (the last 24 hours) over HTTP, JWT included, through the real app. */
async function timeGraphql(url: string, runs: number): Promise<{ median: number; p95: number }> {
  const harness = await startApp({ DATABASE_URL: url });
  try {
    const query = `{ migrationGraph { since until totalMigrations nodes { channel outgoing incoming }
      edges { from to count shareOfSourceLeavers shareOfTargetJoiners } } }`;
    const send = async () => {
      const response = await graphql(harness.url, query, {}, harness.adminToken);
      if (response.errors) throw new Error(`migrationGraph failed: ${JSON.stringify(response.errors)}`);
    };
    await send();
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const start = performance.now();
      await send();
      times.push(performance.now() - start);
    }
    return { median: median(times), p95: percentile(times, 95) };
  } finally {
    await harness.close();
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toLocaleString('en', { maximumFractionDigits: 0 })} MiB`;
}

export async function benchMigrationGraph(options: MigrationGraphBenchOptions): Promise<BenchSection> {
  const loadRows: string[] = [];
  const queryRows: string[] = [];
  const checks: string[] = [];
  for (const target of sqlTargets()) {
    checks.push(`${target.name}: ${await checkGeneratedData(target)}`);
    logger.log(`${target.name}: loading ${options.rows.toLocaleString('en')} migrations`);
    const loaded = await loadDatabase(target, options.rows);
    try {
      const { loadMs } = loaded;
      loadRows.push(
        `| ${target.name} | ${(loadMs.rows / 1000).toFixed(1)} | ${(loadMs.indexes / 1000).toFixed(1)} | ` +
          `${(loadMs.buckets / 1000).toFixed(1)} | ${(loadMs.total / 1000).toFixed(1)} | ` +
          `${loaded.buckets.toLocaleString('en')} | ${mib(loaded.bytes)} |`,
      );
      const timings = await timeQueries(loaded.url, options.runs, loaded.spec.endMs);
      for (const t of timings) {
        queryRows.push(
          `| ${target.name} | repository: ${t.label} | ${t.total.toLocaleString('en')} | ${t.edges} | ` +
            `${ms(t.median)} | ${ms(t.p95)} | ${t.median < 100 ? 'yes' : '**no**'} |`,
        );
      }
      const api = await timeGraphql(loaded.url, options.runs);
      queryRows.push(
        `| ${target.name} | GraphQL over HTTP: \`migrationGraph\` with no arguments | | | ${ms(api.median)} | ` +
          `${ms(api.p95)} | ${api.median < 100 ? 'yes' : '**no**'} |`,
      );
    } finally {
      await loaded.drop();
    }
  }
  return {
    title: `\`migrationGraph\` over ${options.rows.toLocaleString('en')} stored migrations`,
    lines: [
      `${options.rows.toLocaleString('en')} migrations generated inside each database by set-based SQL ` +
        '(PostgreSQL `generate_series`, SQLite a recursive CTE, MariaDB the `seq_1_to_N` sequence engine), 1M ' +
        'rows per statement: 1,000 channels with Zipf-like popularity (s = 1) for source and target drawn ' +
        'independently (as the simulator draws hop destinations), ~1M distinct users, `joinedAt` spread over ' +
        '30 days up to the start of the load. Schema from the umzug migrations; the secondary indexes are ' +
        'dropped for the load and re-created from their own definitions; the hourly edge buckets are built ' +
        'from the raw rows by INSERT … SELECT … GROUP BY, and the graph rollups (daily edge buckets, channel ' +
        'totals per hour and per day) by the backfill of migration 0005. PostgreSQL then gets `VACUUM ANALYZE` and MariaDB ' +
        '`ANALYZE TABLE` (what autovacuum and persistent statistics do on their own); SQLite gets nothing (the ' +
        'service never runs ANALYZE). SQLite is a temporary file.',
      '',
      '| dialect | rows s | indexes s | buckets and rollups s | total load s | hourly bucket rows | database size |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...loadRows,
      '',
      `\`SequelizeMigrationRepository.graph\` as the service calls it, ${options.runs} interleaved runs after a ` +
        'warm-up, at a time that is not on an hour boundary (partial hours at both ends are counted from raw ' +
        'rows); then `migrationGraph` with no arguments over HTTP through the real app (JWT, validation, GraphQL).',
      '',
      '| dialect | query | migrations in range | edges | median ms | p95 ms | under 100 ms |',
      '|---|---|---:|---:|---:|---:|:---:|',
      ...queryRows,
      '',
      `Generated data checked before each load on a small scale: ${checks.join('; ')} — the buckets equal ` +
        "the adapter's own grouping of the raw rows and every graph equals counting the raw rows (the " +
        'rollups the adapter keeps equal the backfilled ones: test/migration/sequelize-graph-pruning.spec.ts).',
      '',
      'Target: under 100 ms on SQLite and PostgreSQL.',
    ],
  };
}
