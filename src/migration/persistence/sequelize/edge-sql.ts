import type { EdgeHourIncrement } from '../../migration-batch';
import type { RangeSplit } from '../../migration-graph';

export type Replacements = Record<string, unknown>;

/**
 * Logins in code-point order on every dialect: PostgreSQL's locale collations skip `_`, and MariaDB's
 * general_ci weighs letters as upper case, both of which would move `_` relative to letters and digits.
 */
export function codePointOrder(dialect: string, column: string): string {
  switch (dialect) {
    case 'postgres':
      return `${column} COLLATE "C"`;
    case 'mysql':
    case 'mariadb':
      return `CAST(${column} AS BINARY)`;
    default:
      return column;
  }
}

/**
 * `pairs(from_channel, to_channel, n)`: bucket counts for the whole hours of the range plus one row per raw
 * migration in its partial hours. Needs a non-empty split.
 */
function pairsCte(split: RangeSplit, replacements: Replacements): string {
  const parts: string[] = [];
  if (split.wholeHours) {
    replacements.wholeSince = split.wholeHours.since;
    replacements.wholeUntil = split.wholeHours.until;
    parts.push(
      `SELECT from_channel, to_channel, count AS n FROM migration_edge_hours
       WHERE hour >= :wholeSince AND hour < :wholeUntil`,
    );
  }
  if (split.partial.length > 0) {
    const ranges = split.partial.map((range, i) => {
      replacements[`partSince${i}`] = range.since;
      replacements[`partUntil${i}`] = range.until;
      return `(joined_at >= :partSince${i} AND joined_at < :partUntil${i})`;
    });
    parts.push(`SELECT from_channel, to_channel, 1 AS n FROM migrations WHERE ${ranges.join(' OR ')}`);
  }
  return `pairs AS (${parts.join(' UNION ALL ')})`;
}

export interface EdgeSqlOptions {
  /** Extra condition over `from_channel`, `to_channel` and `migrations` (the edge's count). */
  where: string;
  replacements: Replacements;
  limit?: number;
}

/**
 * Edges of the range with the totals of their endpoints, computed by window sums over all edges before
 * `where` and `limit` apply; ordered by count desc, then from, then to.
 */
export function edgesSql(
  dialect: string,
  split: RangeSplit,
  options: EdgeSqlOptions,
): { sql: string; replacements: Replacements } {
  const replacements: Replacements = { ...options.replacements };
  const limit = options.limit === undefined ? '' : ` LIMIT ${Math.trunc(options.limit)}`;
  const sql = `
WITH ${pairsCte(split, replacements)},
edges AS (
  SELECT from_channel, to_channel, SUM(n) AS migrations FROM pairs GROUP BY from_channel, to_channel
),
totals AS (
  SELECT from_channel, to_channel, migrations,
         SUM(migrations) OVER (PARTITION BY from_channel) AS out_of_source,
         SUM(migrations) OVER (PARTITION BY to_channel) AS into_target
  FROM edges
)
SELECT from_channel, to_channel, migrations, out_of_source, into_target
FROM totals
WHERE ${options.where}
ORDER BY migrations DESC, ${codePointOrder(dialect, 'from_channel')}, ${codePointOrder(dialect, 'to_channel')}${limit}`;
  return { sql, replacements };
}

/** Adds each increment to its bucket, creating missing ones, in one statement. */
export function incrementBucketsSql(
  dialect: string,
  increments: readonly EdgeHourIncrement[],
): { sql: string; replacements: unknown[] } {
  const values = increments.map(() => '(?, ?, ?, ?)').join(', ');
  const replacements = increments.flatMap((b) => [b.from, b.to, b.hour, b.count]);
  const insert = `INSERT INTO migration_edge_hours (from_channel, to_channel, hour, count) VALUES ${values}`;
  switch (dialect) {
    case 'sqlite':
    case 'postgres':
      return {
        sql: `${insert} ON CONFLICT (from_channel, to_channel, hour)
              DO UPDATE SET count = migration_edge_hours.count + EXCLUDED.count`,
        replacements,
      };
    case 'mysql':
    case 'mariadb':
      return { sql: `${insert} ON DUPLICATE KEY UPDATE count = count + VALUES(count)`, replacements };
    default:
      throw new Error(`Migration storage in SQL does not support the ${dialect} dialect`);
  }
}
