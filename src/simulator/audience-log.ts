import { EventColumns } from './event-columns';

/** Kinds of audience events; plain numbers so that the log stays in typed arrays. */
export const AUDIENCE_JOIN = 0;
export const AUDIENCE_PART = 1;
/** `subject` sent a chat message; `value` picks its text. */
export const AUDIENCE_MESSAGE = 2;
/** A raid into `channel` from channel `subject`; `value` is the raider's viewer count. */
export const AUDIENCE_RAID = 3;

/**
 * Append-only log of what happened to the audience, in world-time order, addressed by sequence numbers.
 * Old entries are trimmed; a big world logs thousands per step.
 */
export class AudienceLog extends EventColumns {
  /** Sequence number of the first retained entry. */
  private firstSeq = 0;

  constructor() {
    super(1024, true);
  }

  /** Sequence number of the first retained entry. */
  get start(): number {
    return this.firstSeq;
  }

  /** Sequence number the next entry will get. */
  get end(): number {
    return this.firstSeq + this.length;
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
    this.firstSeq += this.dropBefore(time);
  }
}
