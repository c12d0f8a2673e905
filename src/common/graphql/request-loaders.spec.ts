import { describe, expect, it } from '@jest/globals';
import { requestLoader } from './request-loaders';

describe('requestLoader', () => {
  it('batches the loads of one context into one call and keeps contexts apart', async () => {
    const calls: (readonly number[])[] = [];
    const batch = async (keys: readonly number[]) => {
      calls.push(keys);
      return keys.map((key) => key * 10);
    };
    const first = {};
    const second = {};

    const loaded = await Promise.all([
      requestLoader(first, 'times-ten', batch).load(1),
      requestLoader(first, 'times-ten', batch).load(2),
      requestLoader(second, 'times-ten', batch).load(3),
    ]);
    expect(loaded).toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2], [3]]);

    // Cached for the rest of the request.
    expect(await requestLoader(first, 'times-ten', batch).load(1)).toBe(10);
    expect(calls).toHaveLength(2);
  });
});
