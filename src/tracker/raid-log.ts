/** A raid edge and its recent times, as a checkpoint stores them. */
export type RaidTimes = [from: string, to: string, times: number[]];

/**
 * The raids seen recently, by edge, for the detector's `viaRaid`: a migration A→B is via a raid when a raid
 * from A into B was recorded within the window of its join.
 */
export class RaidLog {
  /** `from\nto` → raid times. */
  private readonly raids = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  get size(): number {
    let count = 0;
    for (const times of this.raids.values()) count += times.length;
    return count;
  }

  record(fromChannel: string, toChannel: string, at: number): void {
    const key = `${fromChannel}\n${toChannel}`;
    const times = this.raids.get(key);
    if (times === undefined) this.raids.set(key, [at]);
    else times.push(at);
  }

  /** Whether a raid from `from` into `to` was recorded within the window of `joinedAt`. */
  viaRaid(from: string, to: string, joinedAt: number): boolean {
    // No key string to build (and hash) per migration while no raid is pending.
    if (this.raids.size === 0) return false;
    const times = this.raids.get(`${from}\n${to}`);
    const w = this.windowMs;
    return times !== undefined && times.some((t) => Math.abs(joinedAt - t) <= w);
  }

  /** A raid stays relevant while a join within window of it can still finalize (≤ 2 windows later). */
  prune(wm: number): void {
    const horizon = wm - 3 * this.windowMs;
    for (const [key, times] of this.raids) {
      const kept = times.filter((t) => t >= horizon);
      if (kept.length === 0) this.raids.delete(key);
      else if (kept.length !== times.length) this.raids.set(key, kept);
    }
  }

  export(): RaidTimes[] {
    return [...this.raids].map(([key, times]): RaidTimes => {
      const [from, to] = key.split('\n');
      return [from, to, [...times]];
    });
  }

  restore(saved: readonly (readonly [string, string, readonly number[]])[]): void {
    for (const [from, to, times] of saved) this.raids.set(`${from}\n${to}`, [...times]);
  }
}
