/**
 * Spreads the polls of N channels evenly over one poll interval: the i-th channel (in selection order)
 * is polled at offset i × interval / N of every interval. Pure: callers pass the time.
 */
export class PollScheduler {
  private readonly nextDue = new Map<string, number>();
  private readonly offsets = new Map<string, number>();
  private order: readonly string[] = [];
  /**
   * Where the grid of intervals starts: a new interval stretches the grid around the time it comes (see
   * setIntervalMs) rather than restarting it from the epoch, which would move every slot to an arbitrary
   * place in the cycle and leave a run of channels with no poll for up to an interval.
   */
  private anchor = 0;

  constructor(private interval: number) {}

  get intervalMs(): number {
    return this.interval;
  }

  /**
   * A new interval for every channel. The cycle is stretched (or shrunk) around `now`: every slot keeps its
   * place in the cycle and every wait still to run is scaled by new / old, so a channel's gap lies between
   * the old interval and the new one, however often the interval moves: never sooner than the budget
   * allows, nobody starved, the polls still evenly spread.
   */
  setIntervalMs(intervalMs: number, now: number): void {
    const scale = intervalMs / this.interval;
    this.anchor = now - (now - this.anchor) * scale;
    this.interval = intervalMs;
    this.order.forEach((channel, index) => {
      this.offsets.set(channel, Math.round((index * intervalMs) / this.order.length));
      const due = this.nextDue.get(channel);
      if (due !== undefined && due > now) this.nextDue.set(channel, now + (due - now) * scale);
    });
  }

  /** Sets the channels; existing ones keep their cadence (no gap under half an interval or over 1.5). */
  setChannels(channels: readonly string[], now: number): void {
    this.order = [...channels];
    const keep = new Set(channels);
    for (const channel of [...this.nextDue.keys()]) {
      if (!keep.has(channel)) {
        this.nextDue.delete(channel);
        this.offsets.delete(channel);
      }
    }
    channels.forEach((channel, index) => {
      const offset = Math.round((index * this.interval) / channels.length);
      this.offsets.set(channel, offset);
      const previous = this.nextDue.get(channel);
      const earliest = previous === undefined ? now : previous - this.interval / 2;
      this.nextDue.set(channel, this.alignAtOrAfter(Math.max(earliest, now), offset));
    });
  }

  /**
   * After a restart: these channels, polled until `lastRoundAt`, are due at their first slot after it, as
   * if the process had not stopped; slots missed while it was down are due at once.
   */
  resume(channels: Iterable<string>, lastRoundAt: number): void {
    for (const channel of channels) {
      const offset = this.offsets.get(channel);
      if (offset !== undefined) this.nextDue.set(channel, this.alignAtOrAfter(lastRoundAt + 1, offset));
    }
  }

  /** Channels due at `now`; each is rescheduled to its next slot after `now`. */
  due(now: number): string[] {
    const due: string[] = [];
    for (const [channel, at] of this.nextDue) {
      if (at > now) continue;
      due.push(channel);
      this.nextDue.set(channel, this.alignAtOrAfter(now + 1, this.offsets.get(channel) ?? 0));
    }
    return due;
  }

  nextDueAt(channel: string): number | undefined {
    return this.nextDue.get(channel);
  }

  /** The first time ≥ `at` whose position in the interval is `offset`. */
  private alignAtOrAfter(at: number, offset: number): number {
    const base = Math.floor((at - this.anchor) / this.interval) * this.interval + this.anchor + offset;
    return base >= at ? base : base + this.interval;
  }
}

/** Runs async tasks with at most `limit` at once; the rest wait in order. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
