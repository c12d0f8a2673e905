/**
 * Maps Twitch logins to dense numeric ids so the tracker's hot structures (Sets, typed arrays) hold
 * small integers instead of strings. Exactly one string is retained per user, shared by both
 * directions, so memory grows with tracked users rather than with how often a name is seen.
 */
export class UserInterner {
  private readonly ids = new Map<string, number>();
  private readonly logins: string[] = [];

  /** Returns the id of `login` (case-insensitive), assigning the next free id on first sight. */
  intern(login: string): number {
    const known = this.ids.get(login);
    if (known !== undefined) return known;
    // Twitch logins are case-insensitive; only pay for toLowerCase on the miss path.
    const lower = login.toLowerCase();
    // Already lower-case (the usual login): the lookup above was the one that counted.
    let id = lower === login ? undefined : this.ids.get(lower);
    if (id === undefined) {
      id = this.logins.length;
      this.logins.push(lower);
      this.ids.set(lower, id);
    }
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
    return this.ids.get(login) ?? this.ids.get(login.toLowerCase());
  }

  loginOf(id: number): string {
    const login = this.logins[id];
    if (login === undefined) throw new RangeError(`unknown user id ${id}`);
    return login;
  }

  get size(): number {
    return this.logins.length;
  }
}
