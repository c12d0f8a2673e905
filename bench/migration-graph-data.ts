import { QueryTypes } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { SystemClock } from '../src/common/clock';
import { SimulatorWorld } from '../src/simulator/simulator-world';

/**
 * Set-based generation of stored migrations inside the database, shaped like the tracker's output: ~1,000
 * channels with Zipf-like popularity (s = 1) for both the source and the target of a hop, drawn
 * independently like the simulator's hop destinations, about a million distinct users, `joinedAt` spread
 * evenly over the span, leaves 0–5 min before the join, 2% via raids. Row i's values are pure functions
 * of i, computed by integer arithmetic that every dialect evaluates alike, so that the three databases
 * hold the same migrations. Hourly edge buckets are then built from the raw rows by one
 * INSERT … SELECT … GROUP BY, in the very format the adapter writes.
 */
export interface GeneratedMigrations {
  rows: number;
  channels: number;
  users: number;
  /** Exclusive end of `joinedAt`, epoch ms; rows span [endMs − spanMs, endMs). */
  endMs: number;
  spanMs: number;
}

/** Zipf inverse CDF sampled on a 16-bit grid: `pick(k)` is the rank (1 = busiest) of bucket k. */
const PICK_BUCKETS = 65_536;
const INSERT_CHUNK = 1_000_000;
const PICK_TABLE = 'bench_channel_pick';
const CHANNEL_TABLE = 'bench_channel';

/** SQL for 64-bit integer division, which MariaDB spells DIV. */
function idiv(dialect: string, a: string, b: string): string {
  return dialect === 'mariadb' || dialect === 'mysql' ? `(${a}) DIV (${b})` : `(${a}) / (${b})`;
}

/** A timestamp column value from integer epoch milliseconds, exactly as Sequelize stores a Date. */
function timestampFromMs(dialect: string, ms: string): string {
  switch (dialect) {
    case 'sqlite':
      // Sequelize's SQLite format: 'YYYY-MM-DD HH:MM:SS.mmm +00:00'.
      return `strftime('%Y-%m-%d %H:%M:%S', ${idiv(dialect, ms, '1000')}, 'unixepoch') || '.' || substr('00' || ((${ms}) % 1000), -3) || ' +00:00'`;
    case 'postgres':
      return `TIMESTAMPTZ '1970-01-01 00:00:00+00' + (${ms}) * INTERVAL '1 millisecond'`;
    default:
      return `TIMESTAMPADD(MICROSECOND, (${ms}) * 1000, TIMESTAMP'1970-01-01 00:00:00')`;
  }
}

/** Start of the UTC hour of a stored timestamp column, in the column's own format. */
function hourOf(dialect: string, column: string): string {
  switch (dialect) {
    case 'sqlite':
      return `substr(${column}, 1, 13) || ':00:00.000 +00:00'`;
    case 'postgres':
      return `date_trunc('hour', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
    default:
      return `CAST(DATE_FORMAT(${column}, '%Y-%m-%d %H:00:00') AS DATETIME(3))`;
  }
}

/** Channel logins of a simulated world, busiest first: realistic lengths and characters. */
function channelLogins(count: number): string[] {
  const world = new SimulatorWorld(new SystemClock(), { seed: 5, channels: count });
  return [...world.channels].sort((a, b) => b.audience - a.audience).map((c) => c.login);
}

function zipfPicks(channels: number): number[] {
  const weights = Array.from({ length: channels }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const picks: number[] = [];
  let rank = 0;
  let cumulative = weights[0] / total;
  for (let k = 0; k < PICK_BUCKETS; k += 1) {
    const u = (k + 0.5) / PICK_BUCKETS;
    while (cumulative < u && rank < channels - 1) cumulative += weights[++rank] / total;
    picks.push(rank + 1);
  }
  return picks;
}

async function insertValues(sequelize: Sequelize, table: string, rows: readonly unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await sequelize.query(
      `INSERT INTO ${table} VALUES ${chunk.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}`,
      {
        replacements: chunk.flat(),
      },
    );
  }
}

/** The row generator over `i` for one dialect, from the series `series` (a FROM item binding `i`). */
function insertSql(dialect: string, spec: GeneratedMigrations, series: string, prefix = ''): string {
  const startMs = spec.endMs - spec.spanMs;
  const joined = `${startMs} + ${idiv(dialect, `(i - 1) * ${spec.spanMs}`, String(spec.rows))}`;
  const fromBucket = idiv(dialect, '(i * 2654435761) % 4294967296', '65536');
  const toBucket = '((((i * i) % 2147483647) * 16807) % 2147483647) % 65536';
  // Drawn again when source and target coincide, so that no channel inherits another's self-loops.
  const retryBucket = '((i * 40503 + 977) % 2147483647) % 65536';
  const user = `((i * 1103515245 + 12345) % 2147483648) % ${spec.users}`;
  const concat = (parts: string[]) =>
    dialect === 'mariadb' || dialect === 'mysql' ? `CONCAT(${parts.join(', ')})` : parts.join(' || ');
  return `${prefix}
INSERT INTO migrations (user_login, from_channel, to_channel, left_at, joined_at, via_raid, source)
SELECT ${concat([`'viewer'`, `CAST(s.u AS ${dialect === 'postgres' ? 'TEXT' : 'CHAR'})`])}, fc.login, tc.login,
       ${timestampFromMs(dialect, 's.j - (s.i * 7919) % 300000')}, ${timestampFromMs(dialect, 's.j')},
       ${dialect === 'postgres' ? 's.i % 50 = 7' : 'CASE WHEN s.i % 50 = 7 THEN 1 ELSE 0 END'},
       CASE s.i % 20 WHEN 0 THEN 'MEMBERSHIP' WHEN 1 THEN 'ACTIVITY' ELSE 'CHATTERS' END
FROM (
  SELECT i, ${joined} AS j, ${user} AS u, fp.channel_rank AS fr,
         CASE WHEN tp.channel_rank <> fp.channel_rank THEN tp.channel_rank
              WHEN rp.channel_rank <> fp.channel_rank THEN rp.channel_rank
              ELSE fp.channel_rank % ${spec.channels} + 1 END AS tr
  FROM ${series}
  JOIN ${PICK_TABLE} fp ON fp.k = ${fromBucket}
  JOIN ${PICK_TABLE} tp ON tp.k = ${toBucket}
  JOIN ${PICK_TABLE} rp ON rp.k = ${retryBucket}
) s
JOIN ${CHANNEL_TABLE} fc ON fc.channel_rank = s.fr
JOIN ${CHANNEL_TABLE} tc ON tc.channel_rank = s.tr`;
}

/** Inserts `spec.rows` migrations, in chunks; `onChunk` reports progress. */
export async function generateMigrations(
  sequelize: Sequelize,
  spec: GeneratedMigrations,
  onChunk: (inserted: number) => void = () => undefined,
): Promise<void> {
  if (spec.spanMs < spec.rows) throw new RangeError('Rows need distinct joinedAt times: span ≥ 1 ms per row');
  const dialect = sequelize.getDialect();
  const integer = dialect === 'postgres' ? 'INTEGER' : 'INT';
  await sequelize.query(
    `CREATE TABLE ${PICK_TABLE} (k ${integer} PRIMARY KEY, channel_rank ${integer} NOT NULL)`,
  );
  await sequelize.query(
    `CREATE TABLE ${CHANNEL_TABLE} (channel_rank ${integer} PRIMARY KEY, login VARCHAR(64) NOT NULL)`,
  );
  try {
    await insertValues(
      sequelize,
      PICK_TABLE,
      zipfPicks(spec.channels).map((rank, k) => [k, rank]),
    );
    await insertValues(
      sequelize,
      CHANNEL_TABLE,
      channelLogins(spec.channels).map((login, i) => [i + 1, login]),
    );
    for (let lo = 1; lo <= spec.rows; lo += INSERT_CHUNK) {
      const hi = Math.min(spec.rows, lo + INSERT_CHUNK - 1);
      const sql =
        dialect === 'sqlite'
          ? insertSql(
              dialect,
              spec,
              'seq',
              `WITH RECURSIVE seq(i) AS (SELECT ${lo} UNION ALL SELECT i + 1 FROM seq WHERE i < ${hi})`,
            )
          : dialect === 'postgres'
            ? insertSql(dialect, spec, `generate_series(${lo}::bigint, ${hi}::bigint) AS g(i)`)
            : insertSql(dialect, spec, `(SELECT CAST(seq AS SIGNED) AS i FROM seq_${lo}_to_${hi}) g`);
      await sequelize.query(sql);
      onChunk(hi);
    }
  } finally {
    await sequelize.query(`DROP TABLE ${PICK_TABLE}`);
    await sequelize.query(`DROP TABLE ${CHANNEL_TABLE}`);
  }
}

/** Hourly edge buckets from the raw rows: what the adapter's saveBatch upserts would have summed to. */
export async function buildEdgeHours(sequelize: Sequelize): Promise<void> {
  const hour = hourOf(sequelize.getDialect(), 'joined_at');
  await sequelize.query(`
INSERT INTO migration_edge_hours (from_channel, to_channel, hour, count)
SELECT from_channel, to_channel, ${hour}, COUNT(*) FROM migrations
GROUP BY from_channel, to_channel, ${hour}`);
}

/** The secondary indexes of a table, as statements that drop them and re-create them identically. */
export interface IndexDefinitions {
  drop: string[];
  create: string[];
}

export async function secondaryIndexes(sequelize: Sequelize, table: string): Promise<IndexDefinitions> {
  const dialect = sequelize.getDialect();
  if (dialect === 'sqlite') {
    const rows = await sequelize.query<{ name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :table AND sql IS NOT NULL`,
      { replacements: { table }, type: QueryTypes.SELECT },
    );
    return { drop: rows.map((r) => `DROP INDEX ${r.name}`), create: rows.map((r) => r.sql) };
  }
  if (dialect === 'postgres') {
    const rows = await sequelize.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :table
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = indexname)`,
      { replacements: { table }, type: QueryTypes.SELECT },
    );
    return {
      drop: rows.map((r) => `DROP INDEX ${r.indexname}`),
      create: rows.map((r) => r.indexdef),
    };
  }
  const rows = await sequelize.query<{
    INDEX_NAME: string;
    NON_UNIQUE: number | string;
    COLUMN_NAME: string;
    SUB_PART: number | null;
  }>(
    `SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :table AND INDEX_NAME <> 'PRIMARY'
     ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    { replacements: { table }, type: QueryTypes.SELECT },
  );
  const indexes = new Map<string, { unique: boolean; columns: string[] }>();
  for (const row of rows) {
    const index = indexes.get(row.INDEX_NAME) ?? { unique: Number(row.NON_UNIQUE) === 0, columns: [] };
    index.columns.push(row.SUB_PART ? `\`${row.COLUMN_NAME}\`(${row.SUB_PART})` : `\`${row.COLUMN_NAME}\``);
    indexes.set(row.INDEX_NAME, index);
  }
  const entries = [...indexes];
  if (entries.length === 0) return { drop: [], create: [] };
  return {
    drop: [`ALTER TABLE ${table} ${entries.map(([name]) => `DROP INDEX \`${name}\``).join(', ')}`],
    create: [
      `ALTER TABLE ${table} ${entries
        .map(([name, i]) => `ADD ${i.unique ? 'UNIQUE ' : ''}INDEX \`${name}\` (${i.columns.join(', ')})`)
        .join(', ')}`,
    ],
  };
}

/** Bytes the database takes (tables and indexes). */
export async function databaseBytes(sequelize: Sequelize): Promise<number> {
  const dialect = sequelize.getDialect();
  const sql =
    dialect === 'sqlite'
      ? 'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()'
      : dialect === 'postgres'
        ? 'SELECT pg_database_size(current_database()) AS bytes'
        : `SELECT SUM(DATA_LENGTH + INDEX_LENGTH) AS bytes FROM information_schema.TABLES
           WHERE TABLE_SCHEMA = DATABASE()`;
  const [row] = await sequelize.query<{ bytes: number | string }>(sql, { type: QueryTypes.SELECT });
  return Number(row.bytes);
}

/** Row count of a table. */
export async function countRows(sequelize: Sequelize, table: string): Promise<number> {
  const [row] = await sequelize.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`, {
    type: QueryTypes.SELECT,
  });
  return Number(row.n);
}
