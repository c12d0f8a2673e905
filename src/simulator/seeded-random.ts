// Module-scope aliases: inside Jest's vm contexts every lookup of a global such as `Math` is slow.
const { imul, floor, log, sqrt, sin, cos, exp, max, round, PI } = Math;

/**
 * Small deterministic PRNG (mulberry32): same seed, same sequence, on every platform. Not for secrets.
 */
export class SeededRandom {
  private state: number;
  private spareGaussian: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  /** Standard normal (Box–Muller); the second value of each pair is kept for the next call. */
  gaussian(): number {
    if (this.spareGaussian !== null) {
      const spare = this.spareGaussian;
      this.spareGaussian = null;
      return spare;
    }
    const u = 1 - this.next();
    const v = this.next();
    const radius = sqrt(-2 * log(u));
    this.spareGaussian = radius * sin(2 * PI * v);
    return radius * cos(2 * PI * v);
  }

  /** Approximately standard normal from a single draw: cheap enough for every live stream on every step. */
  quickGaussian(): number {
    return NORMAL_TABLE[(this.next() * NORMAL_TABLE.length) | 0];
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -log(1 - this.next()) * mean;
  }

  /** Poisson-distributed count with the given mean; a normal approximation above 30, where it is close. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return max(0, round(mean + sqrt(mean) * this.quickGaussian()));
    const limit = exp(-mean);
    let count = 0;
    for (let product = this.next(); product > limit; product *= this.next()) count++;
    return count;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** Fixed sample of standard normal values (sorted quantiles would do as well; a sample is simpler). */
const NORMAL_TABLE: Float64Array = (() => {
  const source = new SeededRandom(0x5eed);
  return Float64Array.from({ length: 1 << 16 }, () => source.gaussian());
})();

/** Derives the seed of an independent stream, so that one consumer's draws never shift another's sequence. */
export function mixSeed(seed: number, salt: number): number {
  let hash = imul((seed >>> 0) ^ imul(salt + 1, 0x9e3779b1), 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Picks indexes with probability proportional to fixed weights, in O(log n) per draw. */
export class WeightedPicker {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((weight, index) => {
      total += weight;
      this.cumulative[index] = total;
    });
  }

  pick(random: SeededRandom): number {
    const target = random.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
