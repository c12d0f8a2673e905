import { describe, expect, it } from '@jest/globals';
import { ConcurrencyLimiter, PollScheduler } from './poll-scheduler';

const INTERVAL = 60_000;

/** Polls per channel over `ms`, ticking every second. */
function run(scheduler: PollScheduler, from: number, ms: number): Map<string, number[]> {
  const polls = new Map<string, number[]>();
  for (let now = from; now < from + ms; now += 1_000) {
    for (const channel of scheduler.due(now)) polls.set(channel, [...(polls.get(channel) ?? []), now]);
  }
  return polls;
}

describe('PollScheduler', () => {
  it('spreads the channels evenly over the interval, each once per interval', () => {
    const scheduler = new PollScheduler(INTERVAL);
    scheduler.setChannels(['a', 'b', 'c', 'd'], 0);
    const polls = run(scheduler, 0, 3 * INTERVAL);
    expect(polls.get('a')).toEqual([0, 60_000, 120_000]);
    expect(polls.get('b')).toEqual([15_000, 75_000, 135_000]);
    expect(polls.get('c')).toEqual([30_000, 90_000, 150_000]);
    expect(polls.get('d')).toEqual([45_000, 105_000, 165_000]);
  });

  it('does not bunch missed slots after a long pause', () => {
    const scheduler = new PollScheduler(INTERVAL);
    scheduler.setChannels(['a'], 0);
    expect(scheduler.due(0)).toEqual(['a']);
    expect(scheduler.due(10 * INTERVAL + 5)).toEqual(['a']);
    expect(scheduler.nextDueAt('a')).toBe(11 * INTERVAL);
  });

  it('keeps the cadence of a channel within half to one and a half intervals on reselection', () => {
    const scheduler = new PollScheduler(INTERVAL);
    scheduler.setChannels(['a', 'b'], 0);
    run(scheduler, 0, 40_000);
    scheduler.setChannels(['c', 'b', 'a'], 40_000);
    const polls = run(scheduler, 40_000, 2 * INTERVAL);
    expect(polls.get('a')![0] - 0).toBeGreaterThanOrEqual(INTERVAL / 2);
    expect(polls.get('a')![0] - 0).toBeLessThanOrEqual(1.5 * INTERVAL);
    expect(polls.get('b')![0] - 30_000).toBeGreaterThanOrEqual(INTERVAL / 2);
    // A new channel waits for its own slot (offset 0).
    expect(polls.get('c')).toEqual([60_000, 120_000]);
  });

  it('re-times without starving anyone or polling sooner than the interval, however often it moves', () => {
    const scheduler = new PollScheduler(INTERVAL);
    const channels = Array.from({ length: 50 }, (_, i) => `c${i}`);
    scheduler.setChannels(channels, 0);
    const last = new Map<string, number>();
    let longest = 0;
    let shortest = Number.POSITIVE_INFINITY;
    for (let now = 0; now < 10 * INTERVAL; now += 1_000) {
      // A budget that moves every round, within ±5 %.
      scheduler.setIntervalMs(Math.round(INTERVAL * (1 + 0.05 * Math.sin(now / 7_000))), now);
      for (const channel of scheduler.due(now)) {
        const previous = last.get(channel);
        if (previous !== undefined) {
          longest = Math.max(longest, now - previous);
          shortest = Math.min(shortest, now - previous);
        }
        last.set(channel, now);
      }
    }
    expect(last.size).toBe(50);
    expect(longest).toBeLessThanOrEqual(2 * 1.05 * INTERVAL);
    expect(shortest).toBeGreaterThanOrEqual(0.95 * INTERVAL - 1_000);
  });

  it('keeps every channel polling about once an interval when the interval grows a little', () => {
    const scheduler = new PollScheduler(INTERVAL);
    const channels = Array.from({ length: 100 }, (_, i) => `c${i}`);
    const start = Date.UTC(2026, 11, 6, 12, 0, 7);
    scheduler.setChannels(channels, start);
    const last = new Map<string, number>();
    let longest = 0;
    for (let now = start; now < start + 6 * INTERVAL; now += 1_000) {
      // The budget asks for 3 % more a minute and a half in (as when pages are counted at the first polls).
      if (now === start + 87_000) scheduler.setIntervalMs(Math.round(1.03 * INTERVAL), now);
      for (const channel of scheduler.due(now)) {
        const previous = last.get(channel);
        if (previous !== undefined) longest = Math.max(longest, now - previous);
        last.set(channel, now);
      }
    }
    expect(last.size).toBe(100);
    expect(longest).toBeLessThanOrEqual(1.03 * INTERVAL + 1_000);
  });

  it('forgets channels that are no longer selected', () => {
    const scheduler = new PollScheduler(INTERVAL);
    scheduler.setChannels(['a', 'b'], 0);
    scheduler.setChannels(['b'], 0);
    expect(run(scheduler, 0, INTERVAL).has('a')).toBe(false);
  });
});

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` tasks at once and all of them eventually', async () => {
    const limiter = new ConcurrencyLimiter(2);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active--;
    };
    await Promise.all(Array.from({ length: 7 }, () => limiter.run(task)));
    expect(peak).toBe(2);
    expect(active).toBe(0);
  });
});
