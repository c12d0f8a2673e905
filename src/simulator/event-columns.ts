/**
 * Audience events in world-time order, one typed array per field (a big world records thousands per
 * step): appended at the end, dropped from the front. The base of the audience log and the presence
 * history, which read it their own ways.
 */
export class EventColumns {
  protected times: Float64Array;
  protected kinds: Uint8Array;
  protected channels: Int32Array;
  protected subjects: Int32Array;
  /** Empty unless the store keeps values. */
  protected values: Int32Array;
  /** Array index of the first retained entry. */
  protected head = 0;
  protected length = 0;

  constructor(
    capacity: number,
    private readonly keepsValues: boolean,
  ) {
    this.times = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.channels = new Int32Array(capacity);
    this.subjects = new Int32Array(capacity);
    this.values = new Int32Array(keepsValues ? capacity : 0);
  }

  push(kind: number, time: number, channel: number, subject: number, value = 0): void {
    if (this.head + this.length === this.times.length) this.makeRoom();
    const at = this.head + this.length++;
    this.times[at] = time;
    this.kinds[at] = kind;
    this.channels[at] = channel;
    this.subjects[at] = subject;
    if (this.keepsValues) this.values[at] = value;
  }

  /** Drops the entries older than `time`; returns how many went. */
  protected dropBefore(time: number): number {
    const head = this.head;
    while (this.length > 0 && this.times[this.head] < time) {
      this.head++;
      this.length--;
    }
    return this.head - head;
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
    if (this.keepsValues) this.values = move(this.values, new Int32Array(size));
    this.head = 0;
  }
}
