/**
 * Min-heap of (due time, user id) on typed arrays: the detector schedules one re-check per user
 * instead of rescanning every pending user on each watermark advance.
 */
export class DueQueue {
  private dues = new Float64Array(256);
  private ids = new Uint32Array(256);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Due time of the earliest entry, or +Infinity when empty. */
  peekDue(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.dues[0];
  }

  /** Id of the earliest entry; call only when not empty. */
  peekId(): number {
    return this.ids[0];
  }

  push(due: number, id: number): void {
    if (this.count === this.dues.length) this.grow();
    const dues = this.dues;
    const ids = this.ids;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (dues[parent] <= due) break;
      dues[i] = dues[parent];
      ids[i] = ids[parent];
      i = parent;
    }
    dues[i] = due;
    ids[i] = id;
  }

  /** Removes the earliest entry. */
  pop(): void {
    const n = --this.count;
    if (n <= 0) return;
    const dues = this.dues;
    const ids = this.ids;
    const due = dues[n];
    const id = ids[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && dues[child + 1] < dues[child]) child++;
      if (dues[child] >= due) break;
      dues[i] = dues[child];
      ids[i] = ids[child];
      i = child;
    }
    dues[i] = due;
    ids[i] = id;
  }

  private grow(): void {
    const dues = new Float64Array(this.dues.length * 2);
    dues.set(this.dues);
    this.dues = dues;
    const ids = new Uint32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
  }
}
