/** Rows per statement: keeps each statement well under SQLite's and PostgreSQL's bound-parameter limits. */
export const STATEMENT_CHUNK = 500;

/** `items` in slices of at most `size`, for multi-row statements. */
export function chunks<T>(items: readonly T[], size = STATEMENT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
