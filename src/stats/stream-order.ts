import type { StreamRecord } from '../streams/stream-record';

/**
 * Orders strings by Unicode code point, the order SQL gets from binary collations (UTF-8 bytes).
 * JavaScript's `<` compares UTF-16 code units, which differs for characters above U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (which encode code points above U+FFFF) after every other UTF-16 unit. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

// Module constants rather than global lookups in hot loops: Jest's global protection makes those slow.
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

/**
 * Stream indices by viewer count ascending, then id ascending (code point order), then index.
 * Non-negative integer viewer counts, what Twitch reports, go through a radix sort (100,000 streams in
 * about 20 ms); other numbers through a comparator sort, several times slower.
 */
export function orderByViewersThenId(streams: readonly StreamRecord[]): Uint32Array {
  const n = streams.length;
  const idKeys = idSortKeys(streams);
  const viewers = new Float64Array(n);
  let natural = true;
  for (let i = 0; i < n; i++) {
    const count = streams[i].viewerCount;
    viewers[i] = count;
    if (!(count >= 0 && count <= MAX_SAFE_INTEGER && count % 1 === 0)) natural = false;
  }
  if (natural) return radixSortIndices([idKeys, viewers]);
  return identityOrder(n).sort((a, b) => viewers[a] - viewers[b] || idKeys[a] - idKeys[b] || a - b);
}

/** All-digit ids up to 14 long encode exactly as numbers below 2^53 (10^14 · 16). */
const MAX_DIGIT_ID_LENGTH = 14;
const DIGIT_ZERO = 48;
const DIGIT_NINE = 57;
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Non-negative integers ordered like the ids (equal ids, equal keys). Ids of 1–14 ASCII digits, which is
 * what Twitch sends, are encoded directly: the digits padded with zeros to the longest id's length, then
 * the length, so a prefix sorts before its extensions ("1" < "10" < "11" < "2"). Other ids are ranked by
 * a string sort, which costs a few times more.
 */
function idSortKeys(streams: readonly StreamRecord[]): Float64Array {
  const n = streams.length;
  const values = new Float64Array(n);
  const lengths = new Uint8Array(n);
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const id = streams[i].id;
    if (id.length === 0 || id.length > MAX_DIGIT_ID_LENGTH) return idRanks(streams);
    let value = 0;
    for (let c = 0; c < id.length; c++) {
      const code = id.charCodeAt(c);
      if (code < DIGIT_ZERO || code > DIGIT_NINE) return idRanks(streams);
      value = value * 10 + code - DIGIT_ZERO;
    }
    values[i] = value;
    lengths[i] = id.length;
    if (id.length > longest) longest = id.length;
  }
  const padding = Array.from({ length: longest + 1 }, (_, length) => 10 ** (longest - length) * 16);
  for (let i = 0; i < n; i++) values[i] = values[i] * padding[lengths[i]] + lengths[i];
  return values;
}

function idRanks(streams: readonly StreamRecord[]): Float64Array {
  const ids = streams.map((stream) => stream.id);
  // Native string order is UTF-16 order, which matches code point order unless surrogates are present.
  const sorted = ids.some((id) => SURROGATE.test(id))
    ? ids.slice().sort(compareCodePoints)
    : ids.slice().sort();
  const rank = new Map<string, number>();
  for (let position = sorted.length - 1; position >= 0; position--) rank.set(sorted[position], position);
  const keys = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) keys[i] = rank.get(ids[i]) as number;
  return keys;
}

function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

const RADIX = 65_536;

/**
 * Indices ordered by the keys, the last key most significant, ties by index: a stable LSD radix sort over
 * 16-bit digits of non-negative integer keys below 2^53, with only as many passes as the largest key needs.
 */
function radixSortIndices(keysLeastSignificantFirst: readonly Float64Array[]): Uint32Array {
  const n = keysLeastSignificantFirst[0].length;
  let order: Uint32Array = identityOrder(n);
  let next: Uint32Array = new Uint32Array(n);
  const starts = new Uint32Array(RADIX + 1);
  const digits = new Uint16Array(n);
  for (const keys of keysLeastSignificantFirst) {
    let max = 0;
    for (let i = 0; i < n; i++) if (keys[i] > max) max = keys[i];
    for (let scale = 1; scale <= max; scale *= RADIX) {
      starts.fill(0);
      for (let i = 0; i < n; i++) {
        // `| 0` truncates like Math.floor here (non-negative, below 2^16) without a global lookup.
        const digit = ((keys[i] / scale) % RADIX) | 0;
        digits[i] = digit;
        starts[digit + 1]++;
      }
      for (let digit = 0; digit < RADIX; digit++) starts[digit + 1] += starts[digit];
      for (let i = 0; i < n; i++) {
        const index = order[i];
        next[starts[digits[index]]++] = index;
      }
      [order, next] = [next, order];
    }
  }
  return order;
}
