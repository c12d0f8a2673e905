/** Kinds of audience events; plain numbers so that the log stays in typed arrays. */
export const AUDIENCE_JOIN = 0;
export const AUDIENCE_PART = 1;
/** `subject` sent a chat message; `value` picks its text. */
export const AUDIENCE_MESSAGE = 2;
/** A raid into `channel` from channel `subject`; `value` is the raider's viewer count. */
export const AUDIENCE_RAID = 3;

const INITIAL_CAPACITY = 1024;

/**
 * Append-only log of what happened to the audience, in world-time order, addressed by sequence numbers.
 * Old entries are trimmed; columns live in typed arrays because a big world logs thousands per step.
 */
export class AudienceLog {
  private times = new Float64Array(INITIAL_CAPACITY);
  private kinds = new Uint8Array(INITIAL_CAPACITY);
  private channels = new Int32Array(INITIAL_CAPACITY);
  private subjects = new Int32Array(INITIAL_CAPACITY);
  private values = new Int32Array(INITIAL_CAPACITY);
  /** Array index of the first retained entry, and its sequence number. */
  private head = 0;
  private length = 0;
  private firstSeq = 0;

  /** Sequence number of the first retained entry. */
  get start(): number {
    return this.firstSeq;
  }

  /** Sequence number the next entry will get. */
  get end(): number {
    return this.firstSeq + this.length;
  }

  push(kind: number, time: number, channel: number, subject: number, value = 0): void {
    if (this.head + this.length === this.times.length) this.makeRoom();
    const at = this.head + this.length++;
    this.times[at] = time;
    this.kinds[at] = kind;
    this.channels[at] = channel;
    this.subjects[at] = subject;
    this.values[at] = value;
  }

  time(seq: number): number {
    return this.times[this.head + seq - this.firstSeq];
  }

  kind(seq: number): number {
    return this.kinds[this.head + seq - this.firstSeq];
  }

  channel(seq: number): number {
    return this.channels[this.head + seq - this.firstSeq];
  }

  subject(seq: number): number {
    return this.subjects[this.head + seq - this.firstSeq];
  }

  value(seq: number): number {
    return this.values[this.head + seq - this.firstSeq];
  }

  /** Drops entries older than `time`. */
  trimBefore(time: number): void {
    while (this.length > 0 && this.times[this.head] < time) {
      this.head++;
      this.length--;
      this.firstSeq++;
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
    this.values = move(this.values, new Int32Array(size));
    this.head = 0;
  }
}

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
