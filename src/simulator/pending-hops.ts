/** Fields of one hop in `entries`. */
const STRIDE = 4;

/**
 * Hops under way: users who left a channel and join another on a later step of the world's grid. One flat
 * array of (slot, origin, time left, time due) rather than objects: a big world has thousands at once.
 */
export class PendingHops {
  private entries: number[] = [];

  get size(): number {
    return this.entries.length / STRIDE;
  }

  add(slot: number, from: number, leftAt: number, dueAt: number): void {
    this.entries.push(slot, from, leftAt, dueAt);
  }

  /** Takes out the hops due by `time` and hands each to `complete`, in the order they were added. */
  takeDue(time: number, complete: (slot: number, from: number, leftAt: number) => void): void {
    const entries = this.entries;
    this.entries = [];
    for (let i = 0; i < entries.length; i += STRIDE) {
      const dueAt = entries[i + 3];
      if (dueAt > time) this.add(entries[i], entries[i + 1], entries[i + 2], dueAt);
      else complete(entries[i], entries[i + 1], entries[i + 2]);
    }
  }
}
