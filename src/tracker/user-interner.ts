import { hashKey, hashLogin, loginHash } from './login-hash';

/** Slots in use at most 3/4 of the table: linear probes then stay within a cache line or two. */
const MAX_LOAD_NUM = 3;
const MAX_LOAD_DEN = 4;

/**
 * Maps Twitch logins to dense numeric ids so the tracker's hot structures (Sets, typed arrays) hold
 * small integers instead of strings. Exactly one string is retained per user, so memory grows with
 * tracked users rather than with how often a name is seen.
 *
 * The index is an open-addressing table of (hash, id + 1) pairs in one Int32Array rather than a
 * Map<string, number>: a million-entry Map costs two cache misses per lookup, rehashes by copying
 * pointers the GC must trace, and weighs ~22 bytes per login; this table weighs ~12–16, keeps a
 * probe within one cache line, grows without touching the strings, and compares a string only when
 * its 32-bit hash already matched.
 */
export class UserInterner {
  private readonly logins: string[] = [];
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;

  /** Returns the id of `login` (case-insensitive), assigning the next free id on first sight. */
  intern(login: string): number {
    hashLogin(login);
    return this.internKey(loginHash.key, loginHash.first);
  }

  /**
   * Same as {@link intern} for a login already hashed by {@link hashLogin}: `key` and `hash` are its
   * `loginHash.key` and `loginHash.first` (a caller that hashed the login for itself hashes it once).
   */
  internKey(key: string, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const logins = this.logins;
    let i = hash & mask;
    for (;;) {
      const idPlus1 = slots[2 * i + 1];
      if (idPlus1 === 0) break;
      if (slots[2 * i] === hash && logins[idPlus1 - 1] === key) return idPlus1 - 1;
      i = (i + 1) & mask;
    }
    const id = logins.length;
    logins.push(key);
    slots[2 * i] = hash;
    slots[2 * i + 1] = id + 1;
    if ((id + 1) * MAX_LOAD_DEN > (mask + 1) * MAX_LOAD_NUM) this.grow();
    return id;
  }

  /** Interns a whole snapshot at once into a compact array, ready for {@link PresenceDiffer}. */
  internAll(logins: readonly string[]): Uint32Array {
    const out = new Uint32Array(logins.length);
    for (let i = 0; i < logins.length; i++) out[i] = this.intern(logins[i]);
    return out;
  }

  /** Id of an already-known login, without assigning one. */
  idOf(login: string): number | undefined {
    hashKey(login.toLowerCase());
    const { key, first: h } = loginHash;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; slots[2 * i + 1] !== 0; i = (i + 1) & mask) {
      const id = slots[2 * i + 1] - 1;
      if (slots[2 * i] === h && this.logins[id] === key) return id;
    }
    return undefined;
  }

  loginOf(id: number): string {
    const login = this.logins[id];
    if (login === undefined) throw new RangeError(`unknown user id ${id}`);
    return login;
  }

  get size(): number {
    return this.logins.length;
  }

  /** Doubles the table; the stored hashes place every entry again without reading a string. */
  private grow(): void {
    const old = this.slots;
    const mask = this.mask * 2 + 1;
    const slots = new Int32Array(2 * (mask + 1));
    for (let j = 0; j < old.length; j += 2) {
      const idPlus1 = old[j + 1];
      if (idPlus1 === 0) continue;
      const h = old[j];
      let i = h & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = h;
      slots[2 * i + 1] = idPlus1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
