import { EventColumns } from './event-columns';

/**
 * Every true JOIN, PART and raid of the audience for a while, in world-time order: the raw material of
 * the truth projected onto a set of channels (see projectMigrations). The audience log keeps only ten
 * minutes; this keeps four columns (17 bytes an entry) for as long as asked.
 */
export class PresenceHistory extends EventColumns {
  /** Nothing at or after this time was dropped (the world logs nothing before it starts). */
  private completeSince = Number.NEGATIVE_INFINITY;

  constructor() {
    super(4096, false);
  }

  /** Time from which every entry is still kept. */
  get since(): number {
    return this.completeSince;
  }

  get size(): number {
    return this.length;
  }

  trimBefore(time: number): void {
    if (time <= this.completeSince) return;
    this.dropBefore(time);
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
}
