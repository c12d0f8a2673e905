/** The live feed keeps this many rows; older ones fall off the end. */
export const FEED_CAPACITY = 500;

/**
 * The rows with `item` put first, newest first; an id already shown is not shown twice (a reconnect can
 * deliver a migration again), and the list never grows past `capacity`.
 */
export function prepend<T extends { id: string }>(
  rows: readonly T[],
  item: T,
  capacity = FEED_CAPACITY,
): T[] {
  if (rows.some((row) => row.id === item.id)) return rows as T[];
  const next = [item, ...rows];
  return next.length > capacity ? next.slice(0, capacity) : next;
}
