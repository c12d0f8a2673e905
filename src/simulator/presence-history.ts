const INITIAL_CAPACITY = 4096;

/**
 * Every true JOIN, PART and raid of the audience for a while, in world-time order: the raw material of
 * the truth projected onto a set of channels (see projectMigrations). The audience log keeps only ten
 * minutes; this keeps four columns (17 bytes an entry) for as long as asked.
 */
export class PresenceHistory {
  private times = new Float64Array(INITIAL_CAPACITY);
  private kinds = new Uint8Array(INITIAL_CAPACITY);
  private channels = new Int32Array(INITIAL_CAPACITY);
  private subjects = new Int32Array(INITIAL_CAPACITY);
  private head = 0;
  private length = 0;
  /** Nothing at or after this time was dropped (the world logs nothing before it starts). */
  private completeSince = Number.NEGATIVE_INFINITY;

  /** Time from which every entry is still kept. */
  get since(): number {
    return this.completeSince;
  }

  get size(): number {
    return this.length;
  }

  push(kind: number, time: number, channel: number, subject: number): void {
    if (this.head + this.length === this.times.length) this.makeRoom();
    const at = this.head + this.length++;
    this.times[at] = time;
    this.kinds[at] = kind;
    this.channels[at] = channel;
    this.subjects[at] = subject;
  }

  trimBefore(time: number): void {
    if (time <= this.completeSince) return;
    while (this.length > 0 && this.times[this.head] < time) {
      this.head++;
      this.length--;
    }
    this.completeSince = time;
  }

  /** Calls `visit` for every entry with a time in [since, until), oldest first. */
  forEachIn(
    since: number,
    until: number,
    visit: (kind: number, time: number, channel: number, subject: number) => void,
  ): void {
    const end = this.head + this.length;
    let low = this.head;
    let high = end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.times[middle] < since) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < end && this.times[i] < until; i++) {
      visit(this.kinds[i], this.times[i], this.channels[i], this.subjects[i]);
    }
  }

  /** Compacts when more than half is trimmed space, otherwise doubles. */
  private makeRoom(): void {
    const size = this.head > this.times.length / 2 ? this.times.length : this.times.length * 2;
    const move = <T extends Float64Array | Uint8Array | Int32Array>(column: T, fresh: T): T => {
      fresh.set(column.subarray(this.head, this.head + this.length));
      return fresh;
    };
    this.times = move(this.times, new Float64Array(size));
    this.kinds = move(this.kinds, new Uint8Array(size));
    this.channels = move(this.channels, new Int32Array(size));
    this.subjects = move(this.subjects, new Int32Array(size));
    this.head = 0;
  }
}
