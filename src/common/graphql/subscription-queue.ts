/**
 * One subscriber's events as an async iterator, holding at most `capacity` events its reader has not
 * taken yet. graphql-ws sends one event of a subscription at a time and waits until the socket has taken
 * it, so a client that reads slowly (or not at all) leaves events here, and the socket itself never holds
 * more than the event being sent: this bound is what keeps a slow reader's memory flat.
 *
 * Past the bound the subscription ends with `overflow()`'s error rather than dropping the oldest events:
 * a client that silently missed events could not tell, while one told it fell behind can fetch what it
 * missed (the `migrations` query) and subscribe again. The waiting events are freed at once.
 */
export class SubscriptionQueue<T> implements AsyncIterableIterator<T> {
  private events: T[] = [];
  /** Index of the oldest waiting event in `events` (taken ones are cut off in bulk). */
  private head = 0;
  /** A reader's pending `next()`, only ever while no event waits. */
  private reader: ((result: IteratorResult<T>) => void) | null = null;
  private failure: Error | null = null;
  private ended = false;

  constructor(
    private readonly capacity: number,
    private readonly overflow: () => Error,
    /** Called once when the subscription ends, however it ends: the publisher stops pushing. */
    private readonly onEnd: () => void,
  ) {}

  /** Events waiting for the reader. */
  get size(): number {
    return this.events.length - this.head;
  }

  push(event: T): void {
    if (this.ended) return;
    if (this.reader) {
      const reader = this.reader;
      this.reader = null;
      reader({ value: event, done: false });
    } else if (this.size >= this.capacity) {
      this.failure = this.overflow();
      this.end();
    } else {
      this.events.push(event);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.events[this.head++];
      if (this.head > 1024 && this.head * 2 > this.events.length) {
        this.events = this.events.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.reader = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.events = [];
    this.head = 0;
    this.onEnd();
    const reader = this.reader;
    this.reader = null;
    reader?.({ value: undefined, done: true });
  }
}
