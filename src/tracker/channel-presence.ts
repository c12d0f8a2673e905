/** Int32 words per slot: first hash, second hash, user id + 1 (0 = empty slot), poll last seen in. */
const STRIDE = 4;
const FIRST = 0;
const SECOND = 1;
const ID = 2;
const SEEN = 3;

/**
 * One channel's present users for the {@link PresenceDiffer}: an open-addressing table (linear
 * probing, at most 3/4 full) keyed by a 64-bit fingerprint, the two hashes of `hashLogin`, to the
 * user's interned id, plus the last poll each was seen in.
 *
 * Why not a Map<string, id>: each poll brings every login as a new string, and a Map then compares
 * it with its stored key character by character, reading a string last touched whenever that viewer
 * arrived, a cache miss per viewer per poll. Here a lookup reads only this channel's table (four
 * words per slot, one cache line per probe), and the string is read only to hash it, just after
 * the poll parsed it. A slot matches when both 32-bit hashes do: two different logins in one
 * channel agree on both with odds of 2^-64 per comparison (~10^-10 per day at a million lookups a
 * minute), and the interner, which assigns ids, still compares strings exactly. The id-fed path
 * keys by (hash of id, id), which is exact.
 */
export class ChannelPresence {
  private slots = new Int32Array(STRIDE * 16);
  private mask = 15;
  private count = 0;

  /** Users present. */
  get size(): number {
    return this.count;
  }

  /** Slot of the user with this fingerprint, or -1. Valid until the next add or remove. */
  find(first: number, second: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = first & mask; ; i = (i + 1) & mask) {
      const at = i * STRIDE;
      if (slots[at + ID] === 0) return -1;
      if (slots[at + FIRST] === first && slots[at + SECOND] === second) return i;
    }
  }

  /** Adds a user known to be absent; returns its slot (not seen in any poll yet). */
  add(first: number, second: number, id: number): number {
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    let i = first & mask;
    while (slots[i * STRIDE + ID] !== 0) i = (i + 1) & mask;
    const at = i * STRIDE;
    slots[at + FIRST] = first;
    slots[at + SECOND] = second;
    slots[at + ID] = id + 1;
    slots[at + SEEN] = 0;
    this.count++;
    return i;
  }

  /** Makes room for `count` users at once (a channel's first list), rather than doubling up to it. */
  reserve(count: number): void {
    while (count * 4 > (this.mask + 1) * 3) this.grow();
  }

  /** Marks the slot seen in poll number `poll` (from 1 up); false if it already was (a repeat within one list). */
  markSeen(slot: number, poll: number): boolean {
    const at = slot * STRIDE + SEEN;
    if (this.slots[at] === poll) return false;
    this.slots[at] = poll;
    return true;
  }

  idAt(slot: number): number {
    return this.slots[slot * STRIDE + ID] - 1;
  }

  /**
   * Appends to `out` the slots of the users not seen in `poll`, as [first, second, id] triples
   * (slots move when others are removed, fingerprints do not).
   */
  unseen(poll: number, out: number[]): void {
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += STRIDE) {
      if (slots[at + ID] !== 0 && slots[at + SEEN] !== poll) {
        out.push(slots[at + FIRST], slots[at + SECOND], slots[at + ID] - 1);
      }
    }
  }

  /** Ids of everyone present. */
  ids(): number[] {
    const out: number[] = [];
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += STRIDE) if (slots[at + ID] !== 0) out.push(slots[at + ID] - 1);
    return out;
  }

  /** Removes the user with this fingerprint, if present. */
  remove(first: number, second: number): void {
    let hole = this.find(first, second);
    if (hole < 0) return;
    const slots = this.slots;
    const mask = this.mask;
    this.count--;
    // Backward-shift deletion: pull later entries of the probe run into the hole, so lookups never
    // need tombstones.
    for (let j = hole; ;) {
      slots[hole * STRIDE + ID] = 0;
      for (;;) {
        j = (j + 1) & mask;
        if (slots[j * STRIDE + ID] === 0) return;
        const home = slots[j * STRIDE + FIRST] & mask;
        // Entry j may move to the hole unless its home lies cyclically in (hole, j].
        const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
        if (!stays) break;
      }
      slots.copyWithin(hole * STRIDE, j * STRIDE, j * STRIDE + STRIDE);
      hole = j;
    }
  }

  private grow(): void {
    const old = this.slots;
    const mask = this.mask * 2 + 1;
    const slots = new Int32Array(STRIDE * (mask + 1));
    for (let from = 0; from < old.length; from += STRIDE) {
      if (old[from + ID] === 0) continue;
      let i = old[from + FIRST] & mask;
      while (slots[i * STRIDE + ID] !== 0) i = (i + 1) & mask;
      const to = i * STRIDE;
      slots[to + FIRST] = old[from + FIRST];
      slots[to + SECOND] = old[from + SECOND];
      slots[to + ID] = old[from + ID];
      slots[to + SEEN] = old[from + SEEN];
    }
    this.slots = slots;
    this.mask = mask;
  }
}
