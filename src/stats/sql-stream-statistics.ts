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
  g_id: string;
  g_name: string | null;
  g_streams: SqlNumber;
  g_max_viewers: SqlNumber;
  g_total_viewers: SqlNumber;
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

// One row per viewer count (the index on snapshot_id, viewer_count serves the grouping): the summary's
// positions are running sums over those few rows, and the duplicate groups are the counts above one.
const COUNTS_CTE = `counts AS (
  SELECT viewer_count, COUNT(*) AS sharing
  FROM streams
  WHERE snapshot_id = $snapshotId
  GROUP BY viewer_count
)`;
const SPANS_CTE = `spans AS (
  SELECT viewer_count, sharing,
         SUM(sharing) OVER (ORDER BY viewer_count) AS last_position,
         SUM(sharing) OVER () AS stream_count
  FROM counts
)`;

/** The statement's columns: each part of the answer fills its own, the others are NULL in its rows. */
const SUMMARY_COLUMNS = [
  'total_streams',
  'odd_streams',
  'even_streams',
  'duplicate_streams',
  'median_viewers',
];
const GAME_COLUMNS = ['g_id', 'g_name', 'g_streams', 'g_max_viewers', 'g_total_viewers'];
const STREAM_COLUMNS = [
  'id',
  'user_id',
  'user_login',
  'user_name',
  'game_id',
  'game_name',
  'title',
  'viewer_count',
  'language',
  'started_at',
];
const COLUMNS = [...SUMMARY_COLUMNS, ...GAME_COLUMNS, ...STREAM_COLUMNS];

const PART = { summary: 0, game: 1, duplicateStream: 2 } as const;

/** The columns that hold numbers; `started_at` holds a time and the rest text. */
const NUMBER_COLUMNS = new Set([
  ...SUMMARY_COLUMNS,
  'g_streams',
  'g_max_viewers',
  'g_total_viewers',
  'viewer_count',
]);

/**
 * PostgreSQL types a UNION pair by pair, so an untyped NULL in the first two branches would make a column
 * text before it meets numbers: there each NULL names its column's type. The other dialects need none.
 */
function nullFor(dialect: string, column: string): string {
  if (dialect !== 'postgres') return 'NULL';
  if (column === 'started_at') return 'NULL::timestamptz';
  return NUMBER_COLUMNS.has(column) ? 'NULL::numeric' : 'NULL::text';
}

/** One part's rows: `part`, its place in the answer (`position`), its columns and NULL for the others. */
function branch(
  dialect: string,
  part: number,
  position: string,
  values: Record<string, string>,
  from: string,
): string {
  const columns = COLUMNS.map((column) => `${values[column] ?? nullFor(dialect, column)} AS ${column}`);
  return `SELECT ${part} AS part, ${position} AS position, ${columns.join(', ')}\n${from}`;
}

// The median is the middle position(s) p, 2p ∈ {n, n+1, n+2} (one for odd n, two for even n): a viewer count
// whose positions first..last hold one has 2·last ≥ n and 2·first ≤ n+2.
const summaryBranch = (dialect: string) =>
  branch(
    dialect,
    PART.summary,
    '0',
    {
      total_streams: 'SUM(sharing)',
      odd_streams: 'SUM(CASE WHEN viewer_count % 2 = 0 THEN 0 ELSE sharing END)',
      even_streams: 'SUM(CASE WHEN viewer_count % 2 = 0 THEN sharing ELSE 0 END)',
      duplicate_streams: 'SUM(CASE WHEN sharing > 1 THEN sharing ELSE 0 END)',
      median_viewers:
        'AVG(CASE WHEN 2 * last_position >= stream_count AND 2 * (last_position - sharing + 1) <= stream_count + 2 ' +
        'THEN viewer_count END)',
    },
    'FROM spans',
  );

// Grouped by the id's bytes, so MIN(game_id) is that very id; the name is the smallest non-empty one.
function gamesBranch(dialect: string, text: CodePointText): string {
  return branch(
    dialect,
    PART.game,
    `ROW_NUMBER() OVER (ORDER BY MAX(viewer_count) DESC, ${text.order('MIN(game_id)')})`,
    {
      g_id: 'MIN(game_id)',
      g_name: text.min('CASE WHEN LENGTH(game_name) > 0 THEN game_name END'),
      g_streams: 'COUNT(*)',
      g_max_viewers: 'MAX(viewer_count)',
      g_total_viewers: 'SUM(viewer_count)',
    },
    `FROM streams WHERE snapshot_id = $snapshotId AND LENGTH(game_id) > 0 GROUP BY ${text.order('game_id')}`,
  );
}

function duplicateStreamsBranch(dialect: string, text: CodePointText): string {
  return branch(
    dialect,
    PART.duplicateStream,
    `ROW_NUMBER() OVER (ORDER BY counts.sharing DESC, s.viewer_count DESC, ${text.order('s.id')})`,
    Object.fromEntries(STREAM_COLUMNS.map((column) => [column, `s.${column}`])),
    `FROM streams s
JOIN counts ON counts.viewer_count = s.viewer_count AND counts.sharing > 1
WHERE s.snapshot_id = $snapshotId`,
  );
}

/** The selected parts in one statement: one round trip, whatever the dialect. */
function statisticsSql(dialect: string, selection: StatisticsSelection): string {
  const text = codePointText(dialect);
  const ctes = [
    ...(selection.summary || selection.duplicateGroups ? [COUNTS_CTE] : []),
    ...(selection.summary ? [SPANS_CTE] : []),
  ];
  const branches = [
    ...(selection.summary ? [summaryBranch(dialect)] : []),
    ...(selection.games ? [gamesBranch(dialect, text)] : []),
    ...(selection.duplicateGroups ? [duplicateStreamsBranch(dialect, text)] : []),
  ];
  return `${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}${branches.join('\nUNION ALL\n')}
ORDER BY part, position`;
}

type StatisticsRow = { part: SqlNumber } & SummaryRow & GameRow & StreamRow;

/**
 * The figures of `computeStreamStatistics` for one stored snapshot, computed by the database in one
 * statement holding the selected parts (summary, duplicate groups, games), identical to the in-memory
 * version on SQLite, PostgreSQL and MariaDB/MySQL (window functions: SQLite ≥ 3.25, MariaDB ≥ 10.2, MySQL ≥
 * 8). The parts not selected are not queried and absent from the answer.
 */
export async function computeStreamStatisticsSql(
  sequelize: Sequelize,
  snapshotId: number,
  selection: StatisticsSelection = WHOLE_STATISTICS,
): Promise<SelectedStreamStatistics> {
  if (!selection.summary && !selection.games && !selection.duplicateGroups) return {};
  const sql = statisticsSql(sequelize.getDialect(), selection);
  const rows = await sequelize.query<StatisticsRow>(sql, { type: QueryTypes.SELECT, bind: { snapshotId } });
  const of = (part: number) => rows.filter((row) => Number(row.part) === part);
  const summary = of(PART.summary)[0];
  return {
    ...(selection.summary ? toSummary(summary) : {}),
    ...(selection.games ? { games: of(PART.game).map(toGameStatistics) } : {}),
    ...(selection.duplicateGroups
      ? { duplicateGroups: groupConsecutive(of(PART.duplicateStream).map(toStreamRecord)) }
      : {}),
  };
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
  const fields = STREAM_COLUMNS.map((column) => [
    column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    row[column as keyof StreamRow],
  ]);
  return {
    ...(Object.fromEntries(fields) as Omit<StreamRecord, 'viewerCount' | 'startedAt'>),
    viewerCount: toNumber(row.viewer_count),
    startedAt: toDate(row.started_at),
  };
}

function toGameStatistics(row: GameRow): GameStatistics {
  return {
    gameId: row.g_id,
    gameName: row.g_name,
    streamCount: toNumber(row.g_streams),
    maxViewers: toNumber(row.g_max_viewers),
    totalViewers: toNumber(row.g_total_viewers),
  };
}
