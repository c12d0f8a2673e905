import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ManualClock, SystemClock } from './clock';

describe('Clock.every', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs work on the system clock every period until stopped', () => {
    jest.useFakeTimers();
    const work = jest.fn();
    const stop = new SystemClock().every(1_000, work);
    jest.advanceTimersByTime(3_500);
    expect(work).toHaveBeenCalledTimes(3);
    stop();
    jest.advanceTimersByTime(5_000);
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('never runs work on a manual clock: whoever moves it drives the work', () => {
    jest.useFakeTimers();
    const clock = new ManualClock(0);
    const work = jest.fn();
    clock.every(1_000, work);
    clock.advance(60_000);
    jest.advanceTimersByTime(60_000);
    expect(work).not.toHaveBeenCalled();
  });
});
