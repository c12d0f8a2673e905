const imul = Math.imul;
const UPPER_A = 65;
const ASCII_MAX = 127;

/**
 * Output of {@link hashLogin}: one shared object rather than a result per call, since this runs for
 * every login of every list. Read it right after the call.
 */
export const loginHash = {
  /** FNV-1a of the lower-case login, finalized: the interner's hash and a presence table's slot. */
  first: 0,
  /** An independent murmur-style hash of the same characters: with `first`, a 64-bit fingerprint. */
  second: 0,
  /** The lower-case login: `login` itself when it already was (no string built). */
  key: '',
};

/**
 * Hashes the lower-case form of a login. Upper-case ASCII is folded while hashing, so a mixed-case
 * login hashes like its lower-case key without building that string first; non-ASCII logins are
 * lower-cased by `toLowerCase` (Unicode's rules) and hashed again.
 */
export function hashLogin(login: string): void {
  let h = 0x811c9dc5;
  let g = 0x9747b28c;
  let seen = 0;
  let upper = 0;
  // Branch-free on purpose: the branchy form was ~40% slower.
  for (let i = 0; i < login.length; i++) {
    const c = login.charCodeAt(i);
    seen |= c;
    // One unsigned compare tests 65 ≤ c ≤ 90; adding 32 folds A–Z to a–z.
    const fold = (c - UPPER_A) >>> 0 < 26 ? 32 : 0;
    upper |= fold;
    h = imul(h ^ (c + fold), 0x01000193);
    g = imul(g ^ (c + fold), 0x5bd1e995);
    g ^= g >>> 15;
  }
  if (seen > ASCII_MAX) {
    hashKey(login.toLowerCase());
    return;
  }
  loginHash.key = upper === 0 ? login : login.toLowerCase();
  finish(h, g);
}

/** Same as {@link hashLogin} for a string that already is the lower-case key (any characters). */
export function hashKey(key: string): void {
  let h = 0x811c9dc5;
  let g = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h = imul(h ^ c, 0x01000193);
    g = imul(g ^ c, 0x5bd1e995);
    g ^= g >>> 15;
  }
  loginHash.key = key;
  finish(h, g);
}

function finish(h: number, g: number): void {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  loginHash.first = h ^ (h >>> 13);
  g ^= g >>> 13;
  g = imul(g, 0xc2b2ae35);
  loginHash.second = g ^ (g >>> 16);
}
