/** The range presets of the map and the channel panel. */
export const RANGE_PRESETS = ['1h', '24h', '7d', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Readonly<Record<RangePreset, string>> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  custom: 'Custom',
};

const PRESET_MS: Readonly<Record<Exclude<RangePreset, 'custom'>, number>> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

/** A range the API takes as is: since inclusive, until exclusive, both ISO. */
export interface TimeRange {
  since: string;
  until: string;
}

export type ResolvedRange = { ok: true; range: TimeRange } | { ok: false; problem: string };

/**
 * The range a preset stands for at `now` (epoch ms). A custom range takes `since` and `until` from the URL:
 * a missing `until` means now, a missing `since` 24 hours before `until` (the API's own default).
 */
export function resolveRange(
  preset: RangePreset,
  since: string | undefined,
  until: string | undefined,
  now: number,
): ResolvedRange {
  if (preset !== 'custom') {
    return {
      ok: true,
      range: { since: new Date(now - PRESET_MS[preset]).toISOString(), until: new Date(now).toISOString() },
    };
  }
  const end = until === undefined ? now : Date.parse(until);
  const start = since === undefined ? end - PRESET_MS['24h'] : Date.parse(since);
  if (Number.isNaN(start) || Number.isNaN(end))
    return { ok: false, problem: 'The range is not a pair of dates.' };
  if (start >= end) return { ok: false, problem: 'The start of the range must be before its end.' };
  return { ok: true, range: { since: new Date(start).toISOString(), until: new Date(end).toISOString() } };
}

/** A range that ended more than a minute before `now`: no new migrations will show up in it. */
export function isPastRange(range: TimeRange, now: number): boolean {
  return Date.parse(range.until) < now - 60_000;
}

/** "2026-12-05T21:40" for an <input type="datetime-local"> showing UTC; '' for undefined. */
export function toLocalInput(iso: string | undefined): string {
  if (iso === undefined) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 16);
}

/** The ISO time of an <input type="datetime-local"> value read as UTC; undefined when empty or malformed. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const time = Date.parse(`${value}Z`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const RANGE_KEYS = ['range', 'since', 'until'] as const;

/** The range part of a query string ("?range=1h" or ""), for links that keep the range: the map, other channels. */
export function rangeSearch(search: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of RANGE_KEYS) {
    const value = search.get(key);
    if (value !== null) kept.set(key, value);
  }
  const text = kept.toString();
  return text ? `?${text}` : '';
}
