import { HttpReply, helixError } from './http-router';
import { SeededRandom } from './seeded-random';

/**
 * How often, and by how much, a page starts before the end of the previous one. Twitch re-sorts between
 * two requests while viewer counts move, so consecutive pages may repeat entries; clients must
 * de-duplicate. `{ probability: 0 }` gives disjoint pages.
 */
export interface PageOverlapOptions {
  probability: number;
  maxEntries: number;
}

export const DEFAULT_PAGE_OVERLAP: PageOverlapOptions = { probability: 0.25, maxEntries: 3 };

export class PageOverlap {
  private current: PageOverlapOptions;

  constructor(
    private readonly random: SeededRandom,
    options: PageOverlapOptions,
  ) {
    this.current = PageOverlap.validate(options);
  }

  get options(): PageOverlapOptions {
    return { ...this.current };
  }

  /** Absent (or undefined) fields keep their value. */
  set(options: Partial<PageOverlapOptions>): void {
    const { probability = this.current.probability, maxEntries = this.current.maxEntries } = options;
    this.current = PageOverlap.validate({ probability, maxEntries });
  }

  /** Entries of the previous page to repeat on the next one. */
  draw(): number {
    const { probability, maxEntries } = this.current;
    if (maxEntries === 0 || !this.random.chance(probability)) return 0;
    return this.random.int(1, maxEntries);
  }

  private static validate(options: PageOverlapOptions): PageOverlapOptions {
    const { probability, maxEntries } = options;
    if (!(probability >= 0 && probability <= 1)) throw new RangeError('probability must be between 0 and 1');
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new RangeError('maxEntries must be a non-negative integer');
    }
    return { probability, maxEntries };
  }
}

/** The window a cursor points back to: [start, end) of the page that returned it. */
interface CursorWindow {
  start: number;
  end: number;
}

export interface PageWindow extends CursorWindow {
  /** Paging backwards (`before`): the cursor is only returned while there is more before. */
  backwards: boolean;
}

export interface Page<T> {
  data: T[];
  pagination: { cursor?: string };
}

/**
 * Opaque like Twitch's (base64 of JSON), URL-safe so that even an unencoded query keeps it intact.
 * Offsets inside: when counts move between two requests, pages shift as they do on Twitch.
 */
function encodeCursor(window: CursorWindow): string {
  return Buffer.from(JSON.stringify({ b: { Offset: window.start }, a: { Offset: window.end } })).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): CursorWindow | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      b?: { Offset?: unknown };
      a?: { Offset?: unknown };
    };
    const start = parsed.b?.Offset;
    const end = parsed.a?.Offset;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return undefined;
    if ((start as number) < 0 || (end as number) < (start as number)) return undefined;
    return { start: start as number, end: end as number };
  } catch {
    return undefined;
  }
}

/** Reads `first`, `after` and `before`; a reply means the request is invalid, as Helix answers it. */
export function parsePageWindow(
  query: URLSearchParams,
  overlap: PageOverlap | undefined,
  limits: { defaultFirst: number; maxFirst: number } = { defaultFirst: 20, maxFirst: 100 },
): PageWindow | HttpReply {
  const rawFirst = query.get('first');
  const first = rawFirst === null ? limits.defaultFirst : Number(rawFirst);
  if (!/^\d+$/.test(rawFirst ?? '1') || first < 1 || first > limits.maxFirst) {
    return helixError(
      400,
      `The parameter "first" was malformed: the value must be greater than or equal to 1 and less than or equal to ${limits.maxFirst}`,
    );
  }
  const after = query.get('after');
  const before = query.get('before');
  if (after && before) return helixError(400, 'The parameters "after" and "before" are mutually exclusive');
  if (!after && !before) return { start: 0, end: first, backwards: false };
  const window = decodeCursor((after ?? before) as string);
  if (!window) {
    return helixError(400, `The parameter "${after ? 'after' : 'before'}" was malformed: invalid cursor`);
  }
  if (before) {
    const start = Math.max(0, window.start - first);
    return { start, end: Math.min(start + first, window.start), backwards: true };
  }
  // Always past the previous page's start, so that paging forward ends even with big overlaps.
  const start = Math.min(window.end, Math.max(window.start + 1, window.end - (overlap?.draw() ?? 0)));
  return { start, end: start + first, backwards: false };
}

export function isReply(value: PageWindow | HttpReply): value is HttpReply {
  return 'status' in value;
}

/** One Helix page out of `total` items; the cursor is absent (`{}`) when there is nothing further. */
export function buildPage<T>(
  window: PageWindow,
  total: number,
  slice: (start: number, end: number) => T[],
): Page<T> {
  const end = Math.min(window.end, total);
  const data = window.start < end ? slice(window.start, end) : [];
  const more = window.backwards ? window.start > 0 : end < total;
  return {
    data,
    pagination: more && data.length > 0 ? { cursor: encodeCursor({ start: window.start, end }) } : {},
  };
}
