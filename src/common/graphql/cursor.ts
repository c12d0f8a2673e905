import { BadUserInputError } from '../domain-error';

/** Opaque cursors: base64url of a JSON array, so clients cannot depend on their layout. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== shape.length ||
    parts.some((part, i) => typeof part !== shape[i])
  ) {
    throw new BadUserInputError('Invalid cursor: pass an endCursor returned by this query');
  }
  return parts as (string | number)[];
}
