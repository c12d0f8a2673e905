/** One true hop, as the ground truth reports it. */
export interface TrueMigration {
  user: string;
  userId: string;
  from: string;
  to: string;
  /** ISO 8601. */
  leftAt: string;
  joinedAt: string;
  viaRaid: boolean;
}

/** Every true hop, in `joinedAt` order (hops complete on the world's step grid, so appends are ordered). */
export class MigrationTruth {
  private users: number[] = [];
  private froms: number[] = [];
  private tos: number[] = [];
  private leftAts: number[] = [];
  private joinedAts: number[] = [];
  private raids: boolean[] = [];

  get size(): number {
    return this.users.length;
  }

  record(user: number, from: number, to: number, leftAt: number, joinedAt: number, viaRaid: boolean): void {
    this.users.push(user);
    this.froms.push(from);
    this.tos.push(to);
    this.leftAts.push(leftAt);
    this.joinedAts.push(joinedAt);
    this.raids.push(viaRaid);
  }

  /** Hops that completed (joined) in [since, until). */
  select<T>(
    since: number,
    until: number,
    build: (user: number, from: number, to: number, leftAt: number, joinedAt: number, viaRaid: boolean) => T,
  ): T[] {
    const found: T[] = [];
    for (let i = this.lowerBound(since); i < this.joinedAts.length && this.joinedAts[i] < until; i++) {
      found.push(
        build(this.users[i], this.froms[i], this.tos[i], this.leftAts[i], this.joinedAts[i], this.raids[i]),
      );
    }
    return found;
  }

  trimBefore(time: number): void {
    const drop = this.lowerBound(time);
    // In batches: splicing the head on every step would cost O(size) each time.
    if (drop < 4096 && drop * 2 < this.size) return;
    for (const column of [this.users, this.froms, this.tos, this.leftAts, this.joinedAts, this.raids]) {
      column.splice(0, drop);
    }
  }

  private lowerBound(time: number): number {
    let low = 0;
    let high = this.joinedAts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.joinedAts[middle] < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
