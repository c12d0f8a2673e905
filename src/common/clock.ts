/** Time source; injected so tests and the simulator can run minutes of time in milliseconds. */
export abstract class Clock {
  abstract now(): number;

  date(): Date {
    return new Date(this.now());
  }
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
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
}
