import { hourStart } from './migration-graph';
import type { NewMigrationRecord } from './migration-record';

/** The natural key (userLogin, fromChannel, toChannel, joinedAt) as one string. */
export function naturalKey(
  m: Pick<NewMigrationRecord, 'userLogin' | 'fromChannel' | 'toChannel' | 'joinedAt'>,
) {
  return `${m.userLogin}\n${m.fromChannel}\n${m.toChannel}\n${m.joinedAt.getTime()}`;
}

/** First occurrence of each natural key, in input order. */
export function uniqueByNaturalKey(migrations: readonly NewMigrationRecord[]): NewMigrationRecord[] {
  const seen = new Set<string>();
  return migrations.filter((m) => {
    const key = naturalKey(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface EdgeHourIncrement {
  from: string;
  to: string;
  hour: Date;
  count: number;
}

/** One increment per (from, to, hour): a flush touches each bucket once, however many migrations it holds. */
export function groupByEdgeHour(migrations: readonly NewMigrationRecord[]): EdgeHourIncrement[] {
  const buckets = new Map<string, EdgeHourIncrement>();
  for (const m of migrations) {
    const hour = hourStart(m.joinedAt);
    const key = `${m.fromChannel}\n${m.toChannel}\n${hour.getTime()}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.count += 1;
    else buckets.set(key, { from: m.fromChannel, to: m.toChannel, hour, count: 1 });
  }
  return [...buckets.values()];
}
