/**
 * Width of a bucket, ms. A power of two near 4 s: a 300 s window spans ~75 buckets, and epoch-ms
 * keys stay small integers (under 2^30 until the 2100s), which Maps hash fastest.
 */
const BUCKET_MS = 4096;
const floor = Math.floor;

interface Bucket {
  ids: number[];
  dues: number[];
}

function keyOf(due: number): number {
  return floor(due / BUCKET_MS);
}

/**
 * The detector's schedule of re-checks: (due time, user id) entries, drained up to a watermark.
 *
 * A binary heap of the ~500k users pending in a busy tracker paid ~20 scattered memory reads per
 * pop; here a push appends to its time bucket and a drain walks whole buckets in time order. Within
 * a bucket entries come in arrival order, not due order: the detector's checks are independent per
 * user, so that only changes the order in which it lists migrations.
 */
export class DueBuckets {
  private readonly buckets = new Map<number, Bucket>();
  /** Keys of `buckets`, descending: the earliest is at the end, where pop is cheap. */
  private readonly keys: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(due: number, id: number): void {
    const key = keyOf(due);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { ids: [], dues: [] };
      this.buckets.set(key, bucket);
      this.insertKey(key);
    }
    bucket.ids.push(id);
    bucket.dues.push(due);
    this.count++;
  }

  /**
   * Removes every entry due before `limit` and hands it to `visit`, earlier buckets first. Entries
   * pushed by `visit` must be due at or after `limit` (they stay scheduled).
   */
  drain(limit: number, visit: (id: number, due: number) => void): void {
    const lastKey = keyOf(limit);
    const keys = this.keys;
    // Buckets wholly before `limit`'s own: every entry is due.
    while (keys.length > 0 && keys[keys.length - 1] < lastKey) {
      const key = keys.pop() as number;
      const { ids, dues } = this.buckets.get(key) as Bucket;
      this.buckets.delete(key);
      this.count -= ids.length;
      for (let i = 0; i < ids.length; i++) visit(ids[i], dues[i]);
    }
    // `limit`'s bucket: only its entries before `limit` are due; the others go back in.
    const bucket = this.buckets.get(lastKey);
    if (bucket === undefined) return;
    const { ids, dues } = bucket;
    bucket.ids = [];
    bucket.dues = [];
    this.count -= ids.length;
    for (let i = 0; i < ids.length; i++) {
      if (dues[i] < limit) visit(ids[i], dues[i]);
      else {
        bucket.ids.push(ids[i]);
        bucket.dues.push(dues[i]);
        this.count++;
      }
    }
    if (bucket.ids.length === 0) {
      this.buckets.delete(lastKey);
      keys.splice(keys.lastIndexOf(lastKey), 1);
    }
  }

  /** Binary search in the descending key list; new keys are rare (one per bucket width). */
  private insertKey(key: number): void {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] > key) lo = mid + 1;
      else hi = mid;
    }
    keys.splice(lo, 0, key);
  }
}
