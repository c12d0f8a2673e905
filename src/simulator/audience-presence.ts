/** `slotChannel` of a slot that is nobody's presence right now. */
export const IDLE = -1;
/** `slotChannel` of a slot on its way to channel c is `PENDING_BASE - c`. */
const PENDING_BASE = -2;

/**
 * Who is where, without per-user objects. A user owns one presence slot (three for multi-viewers, who
 * can watch up to three channels at once); a slot is idle, present in one channel, or pending (on its
 * way to one). Channels keep their present slots in dense arrays with swap-removal, so joins, leaves
 * and random picks are O(1).
 */
export class AudiencePresence {
  readonly slotUser: Int32Array;
  readonly slotChannel: Int32Array;
  readonly memberCount: Int32Array;
  private readonly slotPos: Int32Array;
  private readonly firstSlot: Int32Array;
  private readonly members: Int32Array[];
  private readonly idle: Int32Array;
  private idleCount = 0;

  /** `slotsOf[u]` is 1 or 3. */
  constructor(slotsOf: Uint8Array, channels: number) {
    let total = 0;
    for (const slots of slotsOf) total += slots;
    this.slotUser = new Int32Array(total);
    this.slotChannel = new Int32Array(total).fill(IDLE);
    this.slotPos = new Int32Array(total);
    this.firstSlot = new Int32Array(slotsOf.length + 1);
    this.idle = new Int32Array(total);
    let slot = 0;
    for (let user = 0; user < slotsOf.length; user++) {
      this.firstSlot[user] = slot;
      for (let k = 0; k < slotsOf[user]; k++) this.slotUser[slot++] = user;
    }
    this.firstSlot[slotsOf.length] = slot;
    // Idle in a shuffled-enough order: arrivals pick idle slots at random anyway.
    for (let s = 0; s < total; s++) this.idle[this.idleCount++] = s;
    this.memberCount = new Int32Array(channels);
    this.members = Array.from({ length: channels }, () => new Int32Array(0));
  }

  get idleSlots(): number {
    return this.idleCount;
  }

  get totalSlots(): number {
    return this.slotUser.length;
  }

  /** Removes and returns an idle slot picked by `draw` in [0, 1), or -1 when none is left. */
  takeIdle(draw: number): number {
    if (this.idleCount === 0) return -1;
    const at = (draw * this.idleCount) | 0;
    const slot = this.idle[at];
    this.idle[at] = this.idle[--this.idleCount];
    return slot;
  }

  release(slot: number): void {
    this.slotChannel[slot] = IDLE;
    this.idle[this.idleCount++] = slot;
  }

  markPending(slot: number, channel: number): void {
    this.slotChannel[slot] = PENDING_BASE - channel;
  }

  pendingTarget(slot: number): number {
    return PENDING_BASE - this.slotChannel[slot];
  }

  /** Whether the slot's user is in `channel`, or on the way there, through any of its slots. */
  userBound(slot: number, channel: number): boolean {
    const user = this.slotUser[slot];
    for (let s = this.firstSlot[user]; s < this.firstSlot[user + 1]; s++) {
      const where = this.slotChannel[s];
      if (where === channel || where === PENDING_BASE - channel) return true;
    }
    return false;
  }

  add(channel: number, slot: number): void {
    let list = this.members[channel];
    const count = this.memberCount[channel];
    if (count === list.length) {
      const grown = new Int32Array(Math.max(8, count * 2));
      grown.set(list);
      this.members[channel] = list = grown;
    }
    list[count] = slot;
    this.slotPos[slot] = count;
    this.memberCount[channel] = count + 1;
    this.slotChannel[slot] = channel;
  }

  /** Takes a present slot out of its channel; the caller decides whether it goes idle or pending. */
  remove(slot: number): void {
    const channel = this.slotChannel[slot];
    const list = this.members[channel];
    const last = list[--this.memberCount[channel]];
    const pos = this.slotPos[slot];
    list[pos] = last;
    this.slotPos[last] = pos;
  }

  memberAt(channel: number, position: number): number {
    return this.members[channel][position];
  }

  /** A copy of the channel's present slots. */
  slotsIn(channel: number): Int32Array {
    return this.members[channel].slice(0, this.memberCount[channel]);
  }
}
