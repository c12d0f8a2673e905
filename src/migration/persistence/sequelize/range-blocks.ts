import { splitByWholeHours } from '../../migration-graph';
import type { TimeRange } from '../../migration-record';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Start of the UTC day holding `at`: the key of the daily rollups. */
export function dayStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/**
 * A range cut by the finest store that answers each part exactly: daily buckets for whole UTC days, hourly
 * buckets for the other whole hours, raw migrations for the partial hours at the ends. Together the parts
 * are the range, with no overlap.
 */
export interface RangeBlocks {
  wholeDays: TimeRange | null;
  /** At most two runs of whole hours, before and after the whole days. */
  hours: TimeRange[];
  /** At most two partial hours, at the ends. */
  raw: TimeRange[];
  /** Start of every UTC day the range touches, oldest first: a migration of the range falls in one of them. */
  days: Date[];
}

/** Null for an empty or inverted range. */
export function rangeBlocks(range: TimeRange): RangeBlocks | null {
  const split = splitByWholeHours(range);
  if (!split.wholeHours && split.partial.length === 0) return null;
  let wholeDays: TimeRange | null = null;
  const hours: TimeRange[] = [];
  if (split.wholeHours) {
    const start = split.wholeHours.since.getTime();
    const end = split.wholeHours.until.getTime();
    const firstDay = Math.ceil(start / DAY_MS) * DAY_MS;
    const endDay = Math.floor(end / DAY_MS) * DAY_MS;
    if (firstDay < endDay) {
      wholeDays = { since: new Date(firstDay), until: new Date(endDay) };
      if (start < firstDay) hours.push({ since: split.wholeHours.since, until: new Date(firstDay) });
      if (endDay < end) hours.push({ since: new Date(endDay), until: split.wholeHours.until });
    } else {
      hours.push(split.wholeHours);
    }
  }
  const days: Date[] = [];
  const lastDay = Math.floor((range.until.getTime() - 1) / DAY_MS) * DAY_MS;
  for (let day = dayStart(range.since).getTime(); day <= lastDay; day += DAY_MS) days.push(new Date(day));
  return { wholeDays, hours, raw: split.partial, days };
}

/** The touched days holding the largest share of the range, most first (ties: the later day). */
export function busiestDays(range: TimeRange, days: readonly Date[], count: number): Date[] {
  const overlap = (day: Date) =>
    Math.min(day.getTime() + DAY_MS, range.until.getTime()) - Math.max(day.getTime(), range.since.getTime());
  return [...days].sort((a, b) => overlap(b) - overlap(a) || b.getTime() - a.getTime()).slice(0, count);
}
