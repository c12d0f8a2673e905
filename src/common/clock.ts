/** Time source; injected so tests and the simulator can run minutes of time in milliseconds. */
export abstract class Clock {
  abstract now(): number;

  date(): Date {
    return new Date(this.now());
  }

  /** Calls `work` every `ms` of this clock's time until the returned function is called. */
  abstract every(ms: number, work: () => void): () => void;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }

  every(ms: number, work: () => void): () => void {
    const timer = setInterval(work, ms);
    timer.unref();
    return () => clearInterval(timer);
  }
}

export class ManualClock extends Clock {
  constructor(private current = Date.UTC(2026, 0, 1)) {
    super();
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('A clock cannot go backwards');
    this.current += ms;
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }

  /**
   * Never calls `work`: a manual clock runs no timers of its own. Whoever moves it drives the work too (tests
   * call the tracker's `tick()`), so no round runs between a test's steps, however slow the machine.
   */
  every(_ms: number, _work: () => void): () => void {
    return () => undefined;
  }
}
