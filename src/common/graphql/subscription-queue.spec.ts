import { describe, expect, it, jest } from '@jest/globals';
import { SubscriptionQueue } from './subscription-queue';

const overflow = () => new Error('fell behind');

describe('SubscriptionQueue', () => {
  it('hands events to a waiting reader and keeps the others in order', async () => {
    const queue = new SubscriptionQueue<number>(10, overflow, () => undefined);
    const first = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    expect(queue.size).toBe(2);
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: 3, done: false });
    expect(queue.size).toBe(0);
  });

  it('keeps many events in order while they are taken and pushed in turns', async () => {
    const queue = new SubscriptionQueue<number>(5_000, overflow, () => undefined);
    const taken: number[] = [];
    for (let round = 0; round < 10; round += 1) {
      for (let i = 0; i < 3_000; i += 1) queue.push(round * 3_000 + i);
      for (let i = 0; i < 3_000; i += 1) taken.push((await queue.next()).value as number);
    }
    expect(taken).toEqual(Array.from({ length: 30_000 }, (_, i) => i));
  });

  it('ends with the overflow error once a reader falls `capacity` events behind, and frees them', async () => {
    const onEnd = jest.fn();
    const queue = new SubscriptionQueue<number>(3, overflow, onEnd);
    for (let i = 0; i < 3; i += 1) queue.push(i);
    expect(onEnd).not.toHaveBeenCalled();
    queue.push(3);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(queue.size).toBe(0);
    queue.push(4);
    await expect(queue.next()).rejects.toThrow('fell behind');
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends when returned, releasing a waiting reader and the publisher once', async () => {
    const onEnd = jest.fn();
    const queue = new SubscriptionQueue<number>(3, overflow, onEnd);
    const waiting = queue.next();
    await queue.return();
    await queue.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
    queue.push(1);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('is its own async iterator', async () => {
    const queue = new SubscriptionQueue<string>(3, overflow, () => undefined);
    queue.push('a');
    queue.push('b');
    const seen: string[] = [];
    for await (const event of queue) {
      seen.push(event);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['a', 'b']);
  });
});
