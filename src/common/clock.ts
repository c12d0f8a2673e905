/** setTimeout's longest delay (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Time source; injected so tests and the simulator can run minutes of time in milliseconds. */
export abstract class Clock {
  abstract now(): number;

  date(): Date {
    return new Date(this.now());
  }

  /** Calls `work` every `ms` of this clock's time until the returned function is called. */
  abstract every(ms: number, work: () => void): () => void;

  /** Calls `work` once, `ms` of this clock's time from now, unless the returned function is called first. */
  abstract after(ms: number, work: () => void): () => void;
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

  after(ms: number, work: () => void): () => void {
    // setTimeout's longest delay is about 24.8 days; a longer one would fire at once.
    const timer = setTimeout(work, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    timer.unref();
    return () => clearTimeout(timer);
  }
}

export class ManualClock extends Clock {
  private readonly pending = new Set<{ dueAt: number; work: () => void }>();

  constructor(private current = Date.UTC(2026, 0, 1)) {
    super();
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('A clock cannot go backwards');
    this.current += ms;
    this.runDue();
  }

  set(epochMs: number): void {
    this.current = epochMs;
    this.runDue();
  }

  /**
   * Never calls `work`: a manual clock runs no timers of its own. Whoever moves it drives the work too (tests
   * call the tracker's `tick()`), so no round runs between a test's steps, however slow the machine.
   */
  every(_ms: number, _work: () => void): () => void {
    return () => undefined;
  }

  /** Runs `work` when a move of the clock reaches its time (in the mover's call, in due order). */
  after(ms: number, work: () => void): () => void {
    const entry = { dueAt: this.current + Math.max(0, ms), work };
    this.pending.add(entry);
    return () => this.pending.delete(entry);
  }

  private runDue(): void {
    const due = [...this.pending].filter((p) => p.dueAt <= this.current).sort((a, b) => a.dueAt - b.dueAt);
    for (const entry of due) {
      this.pending.delete(entry);
      entry.work();
    }
  }
}
