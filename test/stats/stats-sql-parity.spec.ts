import { afterAll, beforeAll, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { computeStreamStatisticsSql } from '../../src/stats/sql-stream-statistics';
import {
  computeStreamStatistics,
  type StatisticsSelection,
  SUMMARY_FIGURES,
} from '../../src/stats/stream-statistics';
import { StreamSnapshotEntity } from '../../src/streams/entities/stream-snapshot.entity';
import { StreamEntity } from '../../src/streams/entities/stream.entity';
import { SnapshotRepository } from '../../src/streams/snapshot.repository';
import type { StreamRecord } from '../../src/streams/stream-record';
import { openTestDatabase, type TestDatabase } from '../support/sql-test-database';
import { streamRecord } from './stream-record.factory';
import { describeSqlTargets } from '../support/sql-suites';

// Pools small enough to collide. They hold what default SQL collations get wrong: case and trailing-space
// variants (MariaDB's *_ci), accents, a character above U+FFFF next to one just below it (UTF-16 vs code
// point order), digit strings whose text order differs from their numeric order.
const GAME_IDS = [
  null,
  '',
  '1',
  '10',
  '2',
  '509658',
  'a',
  'A',
  'a ',
  ' ',
  'e',
  'é',
  'ss',
  'ß',
  '😀',
  '\uFF21',
];
const GAME_NAMES = [
  null,
  '',
  'Just Chatting',
  'just chatting',
  'Zelda',
  'Zelda ',
  'Éclair',
  'Eclair',
  '😀 Party',
  '\uFF21 Game',
];

const viewerCount = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 80 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_000_000 }) },
);

// Ids stay unique under case-insensitive collations (the primary key is checked with the column's collation).
const digitIds = fc.stringMatching(/^[0-9]{1,13}$/);
const textIds = fc.stringMatching(/^[0-9a-z_]{1,20}$/);

function streamsWithIds(ids: fc.Arbitrary<string>): fc.Arbitrary<StreamRecord[]> {
  return fc
    .uniqueArray(
      fc.record({
        id: ids,
        viewerCount,
        gameId: fc.constantFrom(...GAME_IDS),
        gameName: fc.constantFrom(...GAME_NAMES),
        title: fc.option(fc.stringMatching(/^[ -~]{0,40}$/)),
        language: fc.option(fc.constantFrom('en', 'de', 'ja')),
        // Whole seconds: MariaDB's DATETIME keeps no milliseconds.
        startedAt: fc.option(
          fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }).map((s) => new Date(s * 1000)),
        ),
      }),
      { selector: (stream) => stream.id, minLength: 0, maxLength: 300, size: 'max' },
    )
    .map((rows) => rows.map(({ id, viewerCount, ...rest }) => streamRecord(id, viewerCount, rest)));
}

const snapshots = fc.oneof(streamsWithIds(digitIds), streamsWithIds(textIds));

/** A fixed snapshot of `count` streams with heavy ties, several games and no-game streams. */
function largeSnapshot(count: number): StreamRecord[] {
  let seed = 42;
  const next = (bound: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(seed / 65_536) % bound;
  };
  return Array.from({ length: count }, (_, i) =>
    // 7919 is prime, so `(i * 7919) % count` visits every number once: unique ids of 1 to 8 digits, shuffled.
    streamRecord(
      String(((i * 7_919) % count) * 1_000 + next(1_000)),
      next(4) === 0 ? next(100_000) : next(2_000),
      {
        gameId: GAME_IDS[next(GAME_IDS.length)],
        gameName: GAME_NAMES[next(GAME_NAMES.length)],
      },
    ),
  );
}

/**
 * Production PostgreSQL databases usually collate text by locale (en_US.UTF-8), where "a" < "B" < "b";
 * a test server's default may be C. Give the compared columns a locale collation so the test sees the former.
 */
async function collateByLocale(db: TestDatabase): Promise<void> {
  for (const [column, length] of [
    ['id', 32],
    ['game_id', 32],
    ['game_name', 256],
  ] as const) {
    await db.sequelize.query(
      `ALTER TABLE streams ALTER COLUMN ${column} TYPE varchar(${length}) COLLATE "und-x-icu"`,
    );
  }
}

describeSqlTargets('stream statistics in SQL', (target) => {
  let db: TestDatabase;
  let repository: SnapshotRepository;

  beforeAll(async () => {
    db = await openTestDatabase(target, [StreamSnapshotEntity, StreamEntity]);
    if (db.sequelize.getDialect() === 'postgres') await collateByLocale(db);
    repository = new SnapshotRepository(db.sequelize, StreamSnapshotEntity, StreamEntity);
  });

  afterAll(async () => {
    await db.close();
  });

  /** Stores the streams as the top-streams job does and computes both ways, plus over the rows read back. */
  async function bothWays(streams: StreamRecord[]) {
    const snapshot = await repository.save(
      { takenAt: new Date(), pagesFetched: 1, durationMs: 1, streams },
      3,
    );
    return {
      snapshotId: snapshot.id,
      sql: await computeStreamStatisticsSql(db.sequelize, snapshot.id),
      memory: computeStreamStatistics(streams),
      memoryOfStored: computeStreamStatistics(await repository.streamsOf(snapshot.id)),
    };
  }

  it('gives zeros and empty lists for an empty snapshot', async () => {
    const { sql, memory } = await bothWays([]);
    const empty = {
      totalStreams: 0,
      medianViewers: 0,
      oddViewerStreams: 0,
      evenViewerStreams: 0,
      duplicateViewerStreams: 0,
      duplicateGroups: [],
      games: [],
    };
    expect(sql).toStrictEqual(empty);
    expect(memory).toStrictEqual(empty);
  });

  it('matches the in-memory computation on random snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(snapshots, async (streams) => {
        const { sql, memory, memoryOfStored } = await bothWays(streams);
        expect(sql).toStrictEqual(memory);
        expect(memoryOfStored).toStrictEqual(memory);
      }),
      { numRuns: 30 },
    );
  });

  it('answers a selection of parts with exactly those parts of the whole answer', async () => {
    const selections = fc.record({
      summary: fc.boolean(),
      duplicateGroups: fc.boolean(),
      games: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(snapshots, selections, async (streams, selection) => {
        const { sql: whole, snapshotId } = await bothWays(streams);
        const part = await computeStreamStatisticsSql(db.sequelize, snapshotId, selection);
        const expected = Object.fromEntries(
          Object.entries(whole).filter(([field]) => selection[partOf(field)]),
        );
        expect(part).toStrictEqual(expected);
      }),
      { numRuns: 20 },
    );
  });

  it('matches the in-memory computation on a snapshot of 5,000 streams', async () => {
    const streams = largeSnapshot(5_000);
    const { sql, memory, memoryOfStored } = await bothWays(streams);
    expect(memory.duplicateGroups.length).toBeGreaterThan(100);
    expect(memory.games.length).toBeGreaterThan(5);
    expect(sql).toStrictEqual(memory);
    expect(memoryOfStored).toStrictEqual(memory);
  });
});

/** The selection part a field of StreamStatistics belongs to. */
function partOf(field: string): keyof StatisticsSelection {
  if (field === 'duplicateGroups' || field === 'games') return field;
  if ((SUMMARY_FIGURES as readonly string[]).includes(field)) return 'summary';
  throw new Error(`${field} belongs to no part of the statistics`);
}
