import { describe, expect, it } from '@jest/globals';
import { DueBuckets } from './due-buckets';

function drained(queue: DueBuckets, limit: number): [number, number][] {
  const seen: [number, number][] = [];
  queue.drain(limit, (id, due) => seen.push([id, due]));
  return seen;
}

describe('DueBuckets', () => {
  it('hands over exactly the entries due before the limit, earlier buckets first', () => {
    const queue = new DueBuckets();
    queue.push(50_000, 1);
    queue.push(1_000, 2);
    queue.push(20_000, 3);
    queue.push(20_001, 4);
    queue.push(Number.POSITIVE_INFINITY, 5);
    expect(queue.size).toBe(5);
    expect(drained(queue, 20_001)).toEqual([
      [2, 1_000],
      [3, 20_000],
    ]);
    expect(queue.size).toBe(3);
    expect(drained(queue, 20_001)).toEqual([]);
    expect(drained(queue, 60_000).map(([id]) => id)).toEqual([4, 1]);
    // Never due, not even when draining everything.
    expect(drained(queue, Number.POSITIVE_INFINITY)).toEqual([]);
    expect(queue.size).toBe(1);
  });

  it('keeps what is pushed while draining for a later drain', () => {
    const queue = new DueBuckets();
    queue.push(100, 1);
    queue.push(9_000, 2);
    const seen: number[] = [];
    queue.drain(9_500, (id) => {
      seen.push(id);
      queue.push(9_500 + id, id + 10);
    });
    expect(seen).toEqual([1, 2]);
    expect(queue.size).toBe(2);
    // Within a bucket the order is not the due order.
    expect(drained(queue, 20_000).sort(([a], [b]) => a - b)).toEqual([
      [11, 9_501],
      [12, 9_502],
    ]);
    expect(queue.size).toBe(0);
  });
});
