/**
 * Client-side sorting of table rows: one column at a time, ascending or descending. Empty values (null,
 * undefined, NaN) go last in both directions; ties fall back to a tie-break value, always ascending, and
 * then to the rows' original order, so the same rows always come out in the same order.
 */
export type SortDirection = 'asc' | 'desc';
export type SortValue = string | number | boolean | null | undefined;

export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

export const SORT_DIRECTIONS: readonly SortDirection[] = ['asc', 'desc'];

function isEmpty(value: SortValue): value is null | undefined {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/** Numbers by value, booleans false before true, strings by code unit; two values of one column share a type. */
export function compareValues(a: SortValue, b: SortValue): number {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) === isEmpty(b) ? 0 : isEmpty(a) ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Case-insensitive text for a column people read by name (game names, logins). */
export function textKey(value: string | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : value.toLowerCase();
}

/** A time for sorting: ISO strings as epoch ms, absent or unreadable ones as empty. */
export function timeKey(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A sorted copy of `rows`; `rows` itself is left as it was. */
export function sortRows<T>(
  rows: readonly T[],
  value: (row: T) => SortValue,
  direction: SortDirection,
  tieBreak?: (row: T) => SortValue,
): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row), tie: tieBreak?.(row) }))
    .sort((a, b) => {
      const emptyA = isEmpty(a.key);
      const emptyB = isEmpty(b.key);
      if (emptyA !== emptyB) return emptyA ? 1 : -1;
      const byValue = emptyA ? 0 : sign * compareValues(a.key, b.key);
      if (byValue !== 0) return byValue;
      const byTie = compareValues(a.tie, b.tie);
      return byTie !== 0 ? byTie : a.index - b.index;
    })
    .map((entry) => entry.row);
}

/**
 * The sort after a click on `key`'s header: the same column flips its direction, another column starts
 * in its own first direction (descending for counts, ascending for names).
 */
export function nextSort<K extends string>(
  current: SortState<K>,
  key: K,
  firstDirection: SortDirection,
): SortState<K> {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: firstDirection };
}

/** The `aria-sort` of a column header. */
export function ariaSort<K extends string>(
  current: SortState<K>,
  key: K,
): 'ascending' | 'descending' | 'none' {
  if (current.key !== key) return 'none';
  return current.direction === 'asc' ? 'ascending' : 'descending';
}
