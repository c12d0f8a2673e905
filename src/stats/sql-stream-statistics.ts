import { QueryTypes } from 'sequelize';
import type { Sequelize } from 'sequelize';
import type { StreamRecord } from '../streams/stream-record';
import {
  type GameStatistics,
  type SelectedStreamStatistics,
  type StatisticsSelection,
  type StreamSummary,
  type ViewerCountGroup,
  WHOLE_STATISTICS,
} from './stream-statistics';

/** Drivers differ: PostgreSQL returns COUNT/SUM as strings, MariaDB may return DECIMAL strings or bigints. */
type SqlNumber = number | string | bigint | null;

interface SummaryRow {
  total_streams: SqlNumber;
  odd_streams: SqlNumber;
  even_streams: SqlNumber;
  duplicate_streams: SqlNumber;
  median_viewers: SqlNumber;
}

interface StreamRow {
  id: string;
  user_id: string;
  user_login: string;
  user_name: string;
  game_id: string | null;
  game_name: string | null;
  title: string | null;
  viewer_count: SqlNumber;
  language: string | null;
  /** A Date from PostgreSQL and MariaDB; text such as "2026-01-01 10:00:00.000 +00:00" from SQLite. */
  started_at: Date | string | null;
}

interface GameRow {
  game_id: string;
  game_name: string | null;
  stream_count: SqlNumber;
  max_viewers: SqlNumber;
  total_viewers: SqlNumber;
}

interface CodePointText {
  /** The expression compared by code point. */
  order(expression: string): string;
  /** The smallest value of a text expression by code point, as text. */
  min(expression: string): string;
}

/**
 * Text compared by code point, as the in-memory version does: each dialect's binary collation (UTF-8 bytes).
 * Default collations would not do: PostgreSQL's follow the locale, and MariaDB's are case-insensitive and
 * ignore trailing spaces, which would even merge distinct game ids.
 */
function codePointText(dialect: string): CodePointText {
  switch (dialect) {
    case 'sqlite':
      return { order: (e) => `${e} COLLATE BINARY`, min: (e) => `MIN(${e} COLLATE BINARY)` };
    case 'postgres':
      return { order: (e) => `${e} COLLATE "C"`, min: (e) => `MIN(${e} COLLATE "C")` };
    case 'mariadb': {
      // Its NO PAD binary collation compares code points as CAST(… AS BINARY) does, at a third of the cost
      // (the cast makes MariaDB group through a temporary table); CONVERT is free on utf8mb4 columns and
      // keeps it right on tables another default charset created.
      const binary = (e: string) => `CONVERT(${e} USING utf8mb4) COLLATE utf8mb4_nopad_bin`;
      return { order: binary, min: (e) => `MIN(${binary(e)})` };
    }
    case 'mysql':
      // MIN over bytes yields bytes: convert back so the driver hands over a string.
      return {
        order: (e) => `CAST(${e} AS BINARY)`,
        min: (e) => `CONVERT(MIN(CAST(${e} AS BINARY)) USING utf8mb4)`,
      };
    default:
      throw new Error(`Stream statistics in SQL do not support the ${dialect} dialect`);
  }
}

// One row per viewer count (the index on snapshot_id, viewer_count serves the grouping), then positions as
// running sums over those few rows. The median is the middle position(s) p, 2p ∈ {n, n+1, n+2} (one for odd
// n, two for even n): a viewer count whose positions first..last hold one has 2·last ≥ n and 2·first ≤ n+2.
const SUMMARY_SQL = `
WITH counts AS (
  SELECT viewer_count, COUNT(*) AS sharing
  FROM streams
  WHERE snapshot_id = $snapshotId
  GROUP BY viewer_count
),
spans AS (
  SELECT viewer_count, sharing,
         SUM(sharing) OVER (ORDER BY viewer_count) AS last_position,
         SUM(sharing) OVER () AS stream_count
  FROM counts
)
SELECT SUM(sharing) AS total_streams,
       SUM(CASE WHEN viewer_count % 2 = 0 THEN 0 ELSE sharing END) AS odd_streams,
       SUM(CASE WHEN viewer_count % 2 = 0 THEN sharing ELSE 0 END) AS even_streams,
       SUM(CASE WHEN sharing > 1 THEN sharing ELSE 0 END) AS duplicate_streams,
       AVG(CASE WHEN 2 * last_position >= stream_count AND 2 * (last_position - sharing + 1) <= stream_count + 2
                THEN viewer_count END) AS median_viewers
FROM spans`;

const STREAM_COLUMNS =
  'id, user_id, user_login, user_name, game_id, game_name, title, viewer_count, language, started_at';

function duplicateStreamsSql(text: CodePointText): string {
  return `
WITH shared AS (
  SELECT viewer_count, COUNT(*) AS group_size
  FROM streams
  WHERE snapshot_id = $snapshotId
  GROUP BY viewer_count
  HAVING COUNT(*) > 1
)
SELECT ${STREAM_COLUMNS.split(', ')
    .map((column) => `s.${column}`)
    .join(', ')}
FROM streams s
JOIN shared ON shared.viewer_count = s.viewer_count
WHERE s.snapshot_id = $snapshotId
ORDER BY shared.group_size DESC, s.viewer_count DESC, ${text.order('s.id')}`;
}

// Grouped by the id's bytes, so MIN(game_id) is that very id; the name is the smallest non-empty one.
function gamesSql(text: CodePointText): string {
  return `
SELECT MIN(game_id) AS game_id,
       ${text.min('CASE WHEN LENGTH(game_name) > 0 THEN game_name END')} AS game_name,
       COUNT(*) AS stream_count,
       MAX(viewer_count) AS max_viewers,
       SUM(viewer_count) AS total_viewers
FROM streams
WHERE snapshot_id = $snapshotId AND LENGTH(game_id) > 0
GROUP BY ${text.order('game_id')}
ORDER BY max_viewers DESC, ${text.order('MIN(game_id)')}`;
}

/**
 * The figures of `computeStreamStatistics` for one stored snapshot, computed by the database: one query per
 * selected part (summary, duplicate groups, games), run side by side, identical to the in-memory version on
 * SQLite, PostgreSQL and MariaDB/MySQL (window functions: SQLite ≥ 3.25, MariaDB ≥ 10.2, MySQL ≥ 8). The
 * parts not selected are not queried and absent from the answer.
 */
export async function computeStreamStatisticsSql(
  sequelize: Sequelize,
  snapshotId: number,
  selection: StatisticsSelection = WHOLE_STATISTICS,
): Promise<SelectedStreamStatistics> {
  const text = codePointText(sequelize.getDialect());
  const options = { type: QueryTypes.SELECT, bind: { snapshotId } } as const;
  const [summary, duplicateGroups, games] = await Promise.all([
    selection.summary
      ? sequelize.query<SummaryRow>(SUMMARY_SQL, options).then(([row]) => toSummary(row))
      : {},
    selection.duplicateGroups
      ? sequelize
          .query<StreamRow>(duplicateStreamsSql(text), options)
          .then((rows) => ({ duplicateGroups: groupConsecutive(rows.map(toStreamRecord)) }))
      : {},
    selection.games
      ? sequelize
          .query<GameRow>(gamesSql(text), options)
          .then((rows) => ({ games: rows.map(toGameStatistics) }))
      : {},
  ]);
  return { ...summary, ...duplicateGroups, ...games };
}

function toSummary(row: SummaryRow): StreamSummary {
  return {
    totalStreams: toNumber(row.total_streams),
    medianViewers: toNumber(row.median_viewers),
    oddViewerStreams: toNumber(row.odd_streams),
    evenViewerStreams: toNumber(row.even_streams),
    duplicateViewerStreams: toNumber(row.duplicate_streams),
  };
}

/** Rows arrive ordered group by group, so one group is one run of equal viewer counts. */
function groupConsecutive(streams: StreamRecord[]): ViewerCountGroup[] {
  const groups: { viewerCount: number; streams: StreamRecord[] }[] = [];
  for (const stream of streams) {
    const last = groups.at(-1);
    if (last?.viewerCount === stream.viewerCount) last.streams.push(stream);
    else groups.push({ viewerCount: stream.viewerCount, streams: [stream] });
  }
  return groups;
}

/** SUM and AVG over no rows are NULL; the in-memory version reports 0. */
function toNumber(value: SqlNumber): number {
  return value === null ? 0 : Number(value);
}

function toDate(value: Date | string | null): Date | null {
  if (value === null || value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(' ', ''));
}

/** Columns become the record's fields by name (`user_login` → `userLogin`); two need converting per driver. */
function toStreamRecord(row: StreamRow): StreamRecord {
  const fields = Object.entries(row).map(([column, value]) => [
    column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    value,
  ]);
  return {
    ...(Object.fromEntries(fields) as Omit<StreamRecord, 'viewerCount' | 'startedAt'>),
    viewerCount: toNumber(row.viewer_count),
    startedAt: toDate(row.started_at),
  };
}

function toGameStatistics(row: GameRow): GameStatistics {
  return {
    gameId: row.game_id,
    gameName: row.game_name,
    streamCount: toNumber(row.stream_count),
    maxViewers: toNumber(row.max_viewers),
    totalViewers: toNumber(row.total_viewers),
  };
}
