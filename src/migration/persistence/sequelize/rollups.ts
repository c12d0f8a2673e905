import { hourStart } from '../../migration-graph';
import type { NewMigrationRecord } from '../../migration-record';
import { dayStart } from './range-blocks';

/**
 * Rollups kept beside the hourly edge buckets, in the same transaction, so that graph queries over long
 * ranges read days instead of hours and find the totals of a channel without summing its edges.
 */
export interface RollupTable {
  table: string;
  keys: readonly string[];
  values: readonly string[];
}

export const EDGE_DAYS: RollupTable = {
  table: 'migration_edge_days',
  keys: ['from_channel', 'to_channel', 'day'],
  values: ['count'],
};
export const CHANNEL_HOURS: RollupTable = {
  table: 'migration_channel_hours',
  keys: ['channel', 'hour'],
  values: ['outgoing', 'incoming'],
};
export const CHANNEL_DAYS: RollupTable = {
  table: 'migration_channel_days',
  keys: ['channel', 'day'],
  values: ['outgoing', 'incoming'],
};

/** One row of increments: the key columns' values, then the values to add. */
export type RollupRow = unknown[];

function grouped(entries: Iterable<[key: unknown[], values: number[]]>): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const [key, values] of entries) {
    const id = key.map((k) => (k instanceof Date ? k.getTime() : String(k))).join('\n');
    const row = rows.get(id);
    if (row) values.forEach((v, i) => ((row[key.length + i] as number) += v));
    else rows.set(id, [...key, ...values]);
  }
  return [...rows.values()];
}

/** Increments of each rollup for a batch of freshly stored migrations. */
export function rollupIncrements(migrations: readonly NewMigrationRecord[]): Map<RollupTable, RollupRow[]> {
  const edgeDays = grouped(migrations.map((m) => [[m.fromChannel, m.toChannel, dayStart(m.joinedAt)], [1]]));
  const channelHours = grouped(
    migrations.flatMap((m) => {
      const hour = hourStart(m.joinedAt);
      return [
        [
          [m.fromChannel, hour],
          [1, 0],
        ],
        [
          [m.toChannel, hour],
          [0, 1],
        ],
      ] as [unknown[], number[]][];
    }),
  );
  const channelDays = grouped(
    migrations.flatMap((m) => {
      const day = dayStart(m.joinedAt);
      return [
        [
          [m.fromChannel, day],
          [1, 0],
        ],
        [
          [m.toChannel, day],
          [0, 1],
        ],
      ] as [unknown[], number[]][];
    }),
  );
  return new Map([
    [EDGE_DAYS, edgeDays],
    [CHANNEL_HOURS, channelHours],
    [CHANNEL_DAYS, channelDays],
  ]);
}

/** Adds each row's values to its key's row, creating missing ones, in one statement. */
export function incrementRollupSql(
  dialect: string,
  rollup: RollupTable,
  rows: readonly RollupRow[],
): { sql: string; replacements: unknown[] } {
  const columns = [...rollup.keys, ...rollup.values];
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const insert = `INSERT INTO ${rollup.table} (${columns.join(', ')}) VALUES ${rows.map(() => placeholders).join(', ')}`;
  const replacements = rows.flat();
  switch (dialect) {
    case 'sqlite':
    case 'postgres':
      return {
        sql: `${insert} ON CONFLICT (${rollup.keys.join(', ')}) DO UPDATE SET ${rollup.values
          .map((v) => `${v} = ${rollup.table}.${v} + EXCLUDED.${v}`)
          .join(', ')}`,
        replacements,
      };
    case 'mysql':
    case 'mariadb':
      return {
        sql: `${insert} ON DUPLICATE KEY UPDATE ${rollup.values.map((v) => `${v} = ${v} + VALUES(${v})`).join(', ')}`,
        replacements,
      };
    default:
      throw new Error(`Migration storage in SQL does not support the ${dialect} dialect`);
  }
}
