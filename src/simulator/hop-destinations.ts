import { SeededRandom } from './seeded-random';

/** The live channels of the current step, weighted by audience: where hops and raids go. */
export class HopDestinations {
  private channels = new Int32Array(0);
  /** Cumulative weights, for a binary search. */
  private weights = new Float64Array(0);

  constructor(private readonly random: SeededRandom) {}

  /** Indexes the live channels; `sizeOf` is a channel's target audience (every channel weighs at least 1). */
  reset(live: readonly number[], sizeOf: (channel: number) => number): void {
    this.channels = Int32Array.from(live);
    this.weights = new Float64Array(live.length);
    let total = 0;
    live.forEach((channel, i) => {
      total += sizeOf(channel) + 1;
      this.weights[i] = total;
    });
  }

  /** A live channel other than `except`, by audience size; -1 when there is none. */
  pick(except: number): number {
    const { channels, weights } = this;
    if (weights.length === 0 || (weights.length === 1 && channels[0] === except)) return -1;
    for (;;) {
      const target = this.random.next() * weights[weights.length - 1];
      let low = 0;
      let high = weights.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (weights[middle] > target) high = middle;
        else low = middle + 1;
      }
      if (channels[low] !== except) return channels[low];
    }
  }
}
