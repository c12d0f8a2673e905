/** The live feed keeps this many rows; older ones fall off the end. */
export const FEED_CAPACITY = 500;

/**
 * The rows with `arrivals` (oldest first) put on top, newest first; an id already shown is not shown twice (a
 * reconnect can deliver a migration again), and the list never grows past `capacity`. Unchanged rows are
 * returned as they were.
 */
export function prepend<T extends { id: string }>(
  rows: readonly T[],
  arrivals: readonly T[],
  capacity = FEED_CAPACITY,
): T[] {
  const shown = new Set(rows.map((row) => row.id));
  const fresh: T[] = [];
  for (let i = arrivals.length - 1; i >= 0; i--) {
    const item = arrivals[i];
    if (shown.has(item.id)) continue;
    shown.add(item.id);
    fresh.push(item);
  }
  if (fresh.length === 0) return rows as T[];
  const next = [...fresh, ...rows];
  return next.length > capacity ? next.slice(0, capacity) : next;
}
