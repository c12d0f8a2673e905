import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { QueryTypes } from 'sequelize';
import { backfillGraphRollups } from '../../src/database/migrations/0005-create-graph-rollups';
import type { NewMigrationRecord } from '../../src/migration/migration-record';
import type { MigrationGraphQuery } from '../../src/migration/migration-repository.port';
import { MigrationEdgeHourEntity } from '../../src/migration/persistence/sequelize/entities/migration-edge-hour.entity';
import { MigrationEntity } from '../../src/migration/persistence/sequelize/entities/migration.entity';
import { ViewerCountEntity } from '../../src/migration/persistence/sequelize/entities/viewer-count.entity';
import { SequelizeMigrationRepository } from '../../src/migration/persistence/sequelize/sequelize-migration.repository';
import { countGraph } from '../support/migration-graph-reference';
import { describeSqlTargets } from '../support/sql-suites';
import { openTestDatabase, type TestDatabase } from '../support/sql-test-database';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-04-01T13:17:00Z');
const SPAN = 4 * DAY + 5 * HOUR;
const ROWS = 6000;
// Names whose code-point order differs from locale orders ('_' and digits among letters).
const CHANNELS = Array.from({ length: 40 }, (_, i) => ['ch', 'c_h', 'ch_', 'chx'][i % 4] + i);

/** mulberry32: the same data on every run and dialect. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf-like channels on both sides, so that a few pairs are heavy and most are light, as in the benchmark. */
function generate(): NewMigrationRecord[] {
  const random = seeded(42);
  const weights = CHANNELS.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let u = random() * total;
    for (let i = 0; i < CHANNELS.length; i++) if ((u -= weights[i]) <= 0) return CHANNELS[i];
    return CHANNELS[CHANNELS.length - 1];
  };
  return Array.from({ length: ROWS }, (_, i) => {
    const from = pick();
    let to = pick();
    while (to === from) to = pick();
    const joinedAt = new Date(START + Math.floor(random() * SPAN));
    return {
      userLogin: `user${i}`,
      fromChannel: from,
      toChannel: to,
      leftAt: new Date(joinedAt.getTime() - 60_000),
      joinedAt,
      viaRaid: false,
      source: 'CHATTERS',
    };
  });
}

function queries(): MigrationGraphQuery[] {
  const random = seeded(7);
  const at = (ms: number) => new Date(ms);
  const dayAligned = Math.ceil(START / DAY) * DAY;
  const fixed: MigrationGraphQuery[] = [
    { since: at(START - HOUR), until: at(START + SPAN + HOUR), minCount: 1, limit: 200 },
    { since: at(dayAligned), until: at(dayAligned + 2 * DAY), minCount: 1, limit: 20 },
    {
      since: at(dayAligned + 5 * HOUR + 123),
      until: at(dayAligned + 29 * HOUR + 123),
      minCount: 1,
      limit: 200,
    },
    { since: at(dayAligned + 7 * 60_000), until: at(dayAligned + 48 * 60_000), minCount: 1, limit: 5 },
    { since: at(START), until: at(START + SPAN), minCount: 40, limit: 1000 },
    { since: at(START), until: at(START + SPAN), minCount: 1, limit: 1 },
    { since: at(START), until: at(START + SPAN), minCount: 1, limit: 50, channels: [CHANNELS[0]] },
    { since: at(START), until: at(START + SPAN), minCount: 1, limit: 10, channels: [CHANNELS[39]] },
    {
      since: at(dayAligned - 3 * HOUR),
      until: at(dayAligned + 3 * HOUR),
      minCount: 2,
      limit: 7,
      channels: [CHANNELS[1], CHANNELS[25], 'nosuchchannel'],
    },
    { since: at(START), until: at(START + SPAN), minCount: 1, limit: 10, channels: [] },
  ];
  const randomQueries = Array.from({ length: 30 }, (): MigrationGraphQuery => {
    const since = START - HOUR + Math.floor(random() * (SPAN + HOUR));
    const length = random() < 0.5 ? Math.floor(random() * 6 * HOUR) : Math.floor(random() * 3 * DAY);
    const channels = random() < 0.3 ? CHANNELS.filter(() => random() < 0.1).slice(0, 5) : undefined;
    return {
      since: at(since),
      until: at(since + length + 1),
      minCount: [1, 1, 2, 5, 30][Math.floor(random() * 5)],
      limit: [1, 3, 20, 200, 1000][Math.floor(random() * 5)],
      channels: channels?.length ? channels : undefined,
    };
  });
  return [...fixed, ...randomQueries];
}

const ROLLUPS = ['migration_edge_days', 'migration_channel_hours', 'migration_channel_days'];

/**
 * The pruned top-edges path of the SQL adapter against counting raw rows, on data shaped like real
 * migrations (heavy and light pairs), over ranges of minutes to days, with and without the channels filter;
 * and the rollups the adapter maintains against the ones the schema migration backfills.
 */
describeSqlTargets('Sequelize migration graph', (target) => {
  let db: TestDatabase;
  let repository: SequelizeMigrationRepository;
  const rows = generate();

  beforeAll(async () => {
    db = await openTestDatabase(target, [MigrationEntity, MigrationEdgeHourEntity, ViewerCountEntity]);
    repository = new SequelizeMigrationRepository(db.sequelize, MigrationEntity, ViewerCountEntity);
    for (let i = 0; i < rows.length; i += 1000) await repository.saveBatch(rows.slice(i, i + 1000));
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it('answers every query exactly as counting raw migrations does', async () => {
    for (const query of queries()) {
      expect({ query, graph: await repository.graph(query) }).toEqual({
        query,
        graph: countGraph(rows, query),
      });
    }
  });

  it('keeps the rollups equal to what the schema migration backfills from the hourly buckets', async () => {
    const read = async () =>
      Promise.all(
        ROLLUPS.map((table) =>
          db.sequelize
            .query(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT })
            .then((result) => result.map((row) => JSON.stringify(row)).sort()),
        ),
      );
    const maintained = await read();
    expect(maintained[0].length).toBeGreaterThan(100);
    for (const table of ROLLUPS) await db.sequelize.query(`DELETE FROM ${table}`);
    await backfillGraphRollups(db.sequelize.getQueryInterface());
    expect(await read()).toEqual(maintained);
  });
});
