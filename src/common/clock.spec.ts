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

describe('Clock.after', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs work once on the system clock after the delay, unless cancelled first', () => {
    jest.useFakeTimers();
    const clock = new SystemClock();
    const work = jest.fn();
    const cancelled = jest.fn();
    clock.after(1_000, work);
    const cancel = clock.after(1_000, cancelled);
    jest.advanceTimersByTime(999);
    expect(work).not.toHaveBeenCalled();
    cancel();
    jest.advanceTimersByTime(10_000);
    expect(work).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });

  it('runs work on a manual clock when a move reaches its time, in due order, once', () => {
    const clock = new ManualClock(0);
    const ran: string[] = [];
    clock.after(2_000, () => ran.push('second'));
    clock.after(1_000, () => ran.push('first'));
    const cancel = clock.after(1_500, () => ran.push('cancelled'));
    clock.advance(999);
    expect(ran).toEqual([]);
    cancel();
    clock.advance(5_000);
    expect(ran).toEqual(['first', 'second']);
    clock.set(60_000);
    expect(ran).toEqual(['first', 'second']);
  });

  it('runs work given no delay at the next move of a manual clock, never in the call itself', () => {
    const clock = new ManualClock(0);
    const work = jest.fn();
    clock.after(-5, work);
    expect(work).not.toHaveBeenCalled();
    clock.advance(0);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
