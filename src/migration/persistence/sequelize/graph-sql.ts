import { codePointOrder, type Replacements } from './edge-sql';
import type { TimeRange } from '../../migration-record';
import type { RangeBlocks } from './range-blocks';

/**
 * The largest edges of a range without counting every pair: an exact top-k by pruning.
 *
 * Every migration of the range falls in one of its n touched UTC days, and a pair's daily bucket counts at
 * least its migrations of that day inside the range. So a pair with at least τ migrations in the range has,
 * on some touched day, a daily count of at least ⌈τ / n⌉. With τ no larger than the k-th largest count (k =
 * `limit`), only pairs above that bar can be in the answer; they are few, and only they are counted exactly.
 *
 * τ comes from a first statement: the busiest pairs of the busiest days (or of each filtered channel) are
 * counted exactly, and the k-th largest of those counts is τ — the counts of real pairs, so the k-th largest
 * count overall is at least τ. A pair left out has fewer than τ migrations: strictly below the k-th edge, so
 * ties at the cut are never lost. When fewer than k seeds qualify, τ is 0 and the bar is `minCount` alone.
 */
export interface TopEdgesQuery {
  blocks: RangeBlocks;
  minCount: number;
  limit: number;
  /** Non-empty when given: only pairs leaving or entering one of these. */
  channels?: readonly string[];
  /** The days to draw seed pairs from (for `channels`, the first one only). */
  seedDays: readonly Date[];
}

class Statement {
  readonly replacements: Replacements = {};
  private next = 0;

  bind(value: unknown): string {
    const name = `v${this.next++}`;
    this.replacements[name] = value;
    return `:${name}`;
  }
}

/**
 * Sum of one correlated subquery per part of the range, each an index range seek on the outer row's key.
 * Correlated subqueries are the one portable way to make every engine look each key up (PostgreSQL would
 * otherwise sort the whole range for a merge join, SQLite scan it and index the few keys).
 */
function sumOfParts(parts: string[]): string {
  return parts.map((part) => `COALESCE((${part}), 0)`).join('\n    + ');
}

/** `counts(from_channel, to_channel, migrations)`: exact counts over the range of the pairs of CTE `pairs`. */
function countsCte(s: Statement, dialect: string, blocks: RangeBlocks, pairs: string): string {
  const pair = 'x.from_channel = p.from_channel AND x.to_channel = p.to_channel';
  const parts: string[] = [];
  if (blocks.wholeDays) {
    parts.push(
      `SELECT SUM(x.count) FROM migration_edge_days x WHERE ${pair}
       AND x.day >= ${s.bind(blocks.wholeDays.since)} AND x.day < ${s.bind(blocks.wholeDays.until)}`,
    );
  }
  for (const hours of blocks.hours) {
    parts.push(
      `SELECT SUM(x.count) FROM migration_edge_hours x WHERE ${pair}
       AND x.hour >= ${s.bind(hours.since)} AND x.hour < ${s.bind(hours.until)}`,
    );
  }
  for (const raw of blocks.raw) {
    parts.push(
      `SELECT COUNT(*) FROM migrations x WHERE ${pair}
       AND x.joined_at >= ${s.bind(raw.since)} AND x.joined_at < ${s.bind(raw.until)}`,
    );
  }
  // Materialized where the dialect allows it, so that the sums are computed once, not again in the ORDER BY.
  const materialized = dialect === 'postgres' || dialect === 'sqlite' ? 'MATERIALIZED ' : '';
  return `counts AS ${materialized}(
  SELECT p.from_channel, p.to_channel,
    ${sumOfParts(parts)} AS migrations
  FROM ${pairs} p)`;
}

function channelFilter(s: Statement, channels: readonly string[] | undefined): string {
  if (!channels) return '';
  const list = s.bind([...channels]);
  return ` AND (from_channel IN (${list}) OR to_channel IN (${list}))`;
}

/** The counts of the seed pairs, as `migrations`, from the k-th largest down: the first row holds τ. */
export function thresholdSql(
  dialect: string,
  query: TopEdgesQuery,
): { sql: string; replacements: Replacements } {
  const s = new Statement();
  const limit = Math.trunc(query.limit);
  const arms: string[] = [];
  const busiest = (where: string) =>
    `SELECT from_channel, to_channel FROM (
       SELECT from_channel, to_channel FROM migration_edge_days WHERE ${where} ORDER BY count DESC LIMIT ${limit}
     ) s${arms.length}`;
  if (query.channels) {
    const day = s.bind(query.seedDays[0]);
    for (const channel of query.channels) {
      const login = s.bind(channel);
      arms.push(busiest(`from_channel = ${login} AND day = ${day}`));
      arms.push(busiest(`to_channel = ${login} AND day = ${day}`));
    }
  } else {
    for (const day of query.seedDays) arms.push(busiest(`day = ${s.bind(day)}`));
  }
  const sql = `
WITH seeds AS (${arms.join('\n  UNION ')}),
${countsCte(s, dialect, query.blocks, 'seeds')}
SELECT migrations FROM counts
WHERE migrations >= ${s.bind(query.minCount)}${channelFilter(s, query.channels)}
ORDER BY migrations DESC LIMIT 1 OFFSET ${limit - 1}`;
  return { sql, replacements: s.replacements };
}

/**
 * The bar a pair's daily count must reach on one of the touched days to be a candidate, given τ from
 * `thresholdSql` (0 when it found none). At 1 or 2 nearly every pair is a candidate, and counting them all
 * in one aggregation beats looking each one up.
 */
export function candidateBar(query: TopEdgesQuery, threshold: number): number {
  return Math.max(1, Math.ceil(Math.max(threshold, query.minCount) / query.blocks.days.length));
}

/**
 * `from_channel, to_channel, migrations` of the top `limit` edges (the candidates at `candidateBar`
 * counted exactly), ordered by count desc, then from, then to (code points).
 */
export function topEdgesSql(
  dialect: string,
  query: TopEdgesQuery,
  bar: number,
): { sql: string; replacements: Replacements } {
  const s = new Statement();
  const days = s.bind([...query.blocks.days]);
  const atLeast = s.bind(bar);
  let candidates: string;
  if (query.channels) {
    const list = s.bind([...query.channels]);
    candidates = `
  SELECT from_channel, to_channel FROM migration_edge_days
  WHERE from_channel IN (${list}) AND day IN (${days}) AND count >= ${atLeast}
  UNION SELECT from_channel, to_channel FROM migration_edge_days
  WHERE to_channel IN (${list}) AND day IN (${days}) AND count >= ${atLeast}`;
  } else {
    candidates = `
  SELECT DISTINCT from_channel, to_channel FROM migration_edge_days WHERE day IN (${days}) AND count >= ${atLeast}`;
  }
  // Each CTE is read once: MariaDB evaluates a CTE again for every reference.
  const sql = `
WITH candidates AS (${candidates}),
${countsCte(s, dialect, query.blocks, 'candidates')}
SELECT from_channel, to_channel, migrations FROM counts
WHERE migrations >= ${s.bind(query.minCount)}${channelFilter(s, query.channels)}
ORDER BY migrations DESC, ${codePointOrder(dialect, 'from_channel')}, ${codePointOrder(dialect, 'to_channel')}
LIMIT ${Math.trunc(query.limit)}`;
  return { sql, replacements: s.replacements };
}

/** `channel, outgoing, incoming`: the totals over the range of the given channels (not empty). */
export function channelTotalsSql(
  blocks: RangeBlocks,
  channels: readonly string[],
): { sql: string; replacements: Replacements } {
  const s = new Statement();
  const list = s.bind([...channels]);
  const parts: string[] = [];
  const rollups: [table: string, column: string, range: TimeRange][] = [];
  if (blocks.wholeDays) rollups.push(['migration_channel_days', 'day', blocks.wholeDays]);
  for (const hours of blocks.hours) rollups.push(['migration_channel_hours', 'hour', hours]);
  for (const [table, column, range] of rollups) {
    parts.push(
      `SELECT channel, outgoing AS o, incoming AS i FROM ${table}
       WHERE channel IN (${list}) AND ${column} >= ${s.bind(range.since)} AND ${column} < ${s.bind(range.until)}`,
    );
  }
  for (const raw of blocks.raw) {
    const within = `joined_at >= ${s.bind(raw.since)} AND joined_at < ${s.bind(raw.until)}`;
    parts.push(
      `SELECT from_channel AS channel, COUNT(*) AS o, 0 AS i FROM migrations
       WHERE from_channel IN (${list}) AND ${within} GROUP BY from_channel`,
      `SELECT to_channel AS channel, 0 AS o, COUNT(*) AS i FROM migrations
       WHERE to_channel IN (${list}) AND ${within} GROUP BY to_channel`,
    );
  }
  const sql = `
SELECT channel, SUM(o) AS outgoing, SUM(i) AS incoming FROM (${parts.join('\n  UNION ALL ')}) parts
GROUP BY channel`;
  return { sql, replacements: s.replacements };
}

/** All migrations of the range, from the channel rollups and the raw partial hours. */
export function rangeTotalSql(blocks: RangeBlocks): { sql: string; replacements: Replacements } {
  const s = new Statement();
  const parts: string[] = [];
  if (blocks.wholeDays) {
    parts.push(
      `(SELECT COALESCE(SUM(outgoing), 0) FROM migration_channel_days
        WHERE day >= ${s.bind(blocks.wholeDays.since)} AND day < ${s.bind(blocks.wholeDays.until)})`,
    );
  }
  for (const hours of blocks.hours) {
    parts.push(
      `(SELECT COALESCE(SUM(outgoing), 0) FROM migration_channel_hours
        WHERE hour >= ${s.bind(hours.since)} AND hour < ${s.bind(hours.until)})`,
    );
  }
  for (const raw of blocks.raw) {
    parts.push(
      `(SELECT COUNT(*) FROM migrations WHERE joined_at >= ${s.bind(raw.since)} AND joined_at < ${s.bind(raw.until)})`,
    );
  }
  return { sql: `SELECT ${parts.join(' + ')} AS total`, replacements: s.replacements };
}
