/**
 * None, one or several items. Most of the detector's pending users hold a single event, and an
 * array for it (plus the 17 slots the first push allocates) would cost more than the event itself.
 */
export type Few<T extends object> = T | T[] | undefined;

/** Read-only stand-in for "no items"; never written to. */
const NONE: never[] = [];
const isArray = Array.isArray;
const min = Math.min;

export function add<T extends object>(few: Few<T>, item: T): Few<T> {
  if (few === undefined) return item;
  if (isList(few)) {
    few.push(item);
    return few;
  }
  return [few, item];
}

export function listOf<T extends object>(few: Few<T>): T[] {
  if (few === undefined) return NONE;
  return isList(few) ? few : [few];
}

export function fewOf<T extends object>(list: T[]): Few<T> {
  if (list.length > 1) return list;
  return list.length === 1 ? list[0] : undefined;
}

function isList<T extends object>(few: T | T[]): few is T[] {
  return isArray(few);
}

/** The events still pairable (`at + w >= wm`); the same list (or item) when none expired. */
export function unexpired<T extends { at: number }>(few: Few<T>, w: number, wm: number): Few<T> {
  if (few === undefined) return undefined;
  if (!isList(few)) return few.at + w >= wm ? few : undefined;
  let i = 0;
  while (i < few.length && few[i].at + w >= wm) i++;
  return i === few.length ? few : fewOf(few.filter((item) => item.at + w >= wm));
}

/** Earliest `at + w` the watermark has not passed yet (+Infinity if none). */
export function nextExpiry<T extends { at: number }>(few: Few<T>, w: number, wm: number): number {
  if (few === undefined) return Number.POSITIVE_INFINITY;
  if (!isList(few)) return few.at + w >= wm ? few.at + w : Number.POSITIVE_INFINITY;
  let next = Number.POSITIVE_INFINITY;
  for (const item of few) if (item.at + w >= wm) next = min(next, item.at + w);
  return next;
}

export function oldest<T extends { at: number }>(few: Few<T>): number {
  if (few === undefined) return Number.POSITIVE_INFINITY;
  if (!isList(few)) return few.at;
  let at = Number.POSITIVE_INFINITY;
  for (const item of few) at = min(at, item.at);
  return at;
}
