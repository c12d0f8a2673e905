import { BadUserInputError } from '../domain-error';
import { DATE_ARG_RANGE, isIntInRange } from './arg-validators';

/** The SQL INTEGER columns that cursors point into (snapshot and migration ids, viewer counts). */
export const MAX_SQL_INT = 2_147_483_647;

/**
 * What each part of a cursor may be: an `int` of an SQL INTEGER column, a `time` in epoch ms within the
 * dates clients may send, a `key` (an id as text: letters and digits), or a row id of one store: an
 * `sqlId` (an SQL INTEGER id as decimal text) or an `objectId` (a MongoDB ObjectId's hex).
 */
export type CursorPart = 'int' | 'time' | 'key' | 'sqlId' | 'objectId';

const PART_CHECKS: Record<CursorPart, (value: unknown) => boolean> = {
  int: (value) => isIntInRange(value, 0, MAX_SQL_INT),
  time: (value) => isIntInRange(value, DATE_ARG_RANGE.min, DATE_ARG_RANGE.max),
  key: (value) => typeof value === 'string' && /^[0-9a-zA-Z]{1,32}$/.test(value),
  sqlId: (value) => typeof value === 'string' && /^[0-9]{1,10}$/.test(value) && Number(value) <= MAX_SQL_INT,
  objectId: (value) => typeof value === 'string' && /^[0-9a-f]{24}$/.test(value),
};

/** Opaque cursors: base64url of a JSON array, so clients cannot depend on their layout. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * Decodes a cursor and checks every part against its kind, so that whatever a client forges (`[1e300,"1"]`,
 * a 20-digit id, a control character) is refused here rather than by a database.
 */
export function decodeCursor(cursor: string, shape: readonly CursorPart[]): (string | number)[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== shape.length ||
    parts.some((part, i) => !PART_CHECKS[shape[i]](part))
  ) {
    throw new BadUserInputError('Invalid cursor: pass an endCursor returned by this query');
  }
  return parts as (string | number)[];
}
