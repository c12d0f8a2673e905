import { describe, expect, it, jest } from '@jest/globals';
import { waitFor, within } from './wait-for';

describe('waitFor', () => {
  it('returns the first truthy value of the condition', async () => {
    let tries = 0;
    await expect(waitFor(() => (++tries >= 3 ? `after ${tries}` : null), 'three tries')).resolves.toBe(
      'after 3',
    );
  });

  it('fails naming what it waited for and the last error of the condition', async () => {
    const failing = waitFor(
      () => {
        throw new Error('not yet');
      },
      'the thing',
      { timeoutMs: 30 },
    );
    await expect(failing).rejects.toThrow('Gave up after 30 ms waiting for the thing: not yet');
  });

  it('refuses to poll less often than every 100 ms', async () => {
    await expect(waitFor(() => true, 'anything', { intervalMs: 250 })).rejects.toThrow(
      /at most every 100 ms/,
    );
  });
});

describe('within', () => {
  it('leaves no timer behind, whether the promise settles in time or not', async () => {
    jest.useFakeTimers();
    try {
      await expect(within(Promise.resolve('done'), 60_000)).resolves.toBe('done');
      expect(jest.getTimerCount()).toBe(0);
      const never = within(new Promise<never>(() => undefined), 60_000);
      jest.advanceTimersByTime(60_000);
      await expect(never).resolves.toBeUndefined();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
