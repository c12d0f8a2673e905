import { describe, expect, it } from '@jest/globals';
import { jwtExpiry, loginUrl, parseLoginFragment, SessionStore } from './session';

const b64url = (value: object) =>
  Buffer.from(JSON.stringify(value))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const jwt = (claims: object) => `${b64url({ alg: 'HS256' })}.${b64url(claims)}.signature`;

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

describe('parseLoginFragment', () => {
  it("takes the token's own exp over expires_in", () => {
    const token = jwt({ exp: 2_000_000 });
    expect(parseLoginFragment(`#access_token=${token}&token_type=Bearer&expires_in=3600`, 0)).toEqual({
      kind: 'session',
      session: { token, expiresAt: 2_000_000_000 },
    });
  });

  it('falls back to expires_in when the token has no readable exp', () => {
    expect(parseLoginFragment('#access_token=opaque&expires_in=60', 1000)).toEqual({
      kind: 'session',
      session: { token: 'opaque', expiresAt: 61_000 },
    });
  });

  it('reads a failed login', () => {
    expect(parseLoginFragment('#error=access_denied&error_description=The%20user%20said%20no', 0)).toEqual({
      kind: 'error',
      code: 'access_denied',
      description: 'The user said no',
    });
  });

  it('ignores fragments that are not a login', () => {
    expect(parseLoginFragment('', 0)).toEqual({ kind: 'none' });
    expect(parseLoginFragment('#section-2', 0)).toEqual({ kind: 'none' });
  });
});

describe('jwtExpiry', () => {
  it('is undefined for malformed tokens', () => {
    expect(jwtExpiry('not-a-jwt')).toBeUndefined();
    expect(jwtExpiry('a.%%%.c')).toBeUndefined();
    expect(jwtExpiry(jwt({ exp: 'soon' }))).toBeUndefined();
  });
});

describe('SessionStore', () => {
  it('keeps the session across a reload of the tab and forgets it on logout', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, () => 1000);
    const seen: unknown[] = [];
    store.subscribe((session) => seen.push(session));
    store.set({ token: 't', expiresAt: 5000 });
    expect(new SessionStore(storage, () => 1000).token).toBe('t');
    store.clear();
    expect(new SessionStore(storage, () => 1000).token).toBeUndefined();
    expect(seen).toEqual([{ token: 't', expiresAt: 5000 }, null]);
  });

  it('drops an expired session, in memory and in storage', () => {
    const storage = new MemoryStorage();
    let now = 1000;
    const store = new SessionStore(storage, () => now);
    store.set({ token: 't', expiresAt: 2000 });
    now = 2000;
    expect(store.session).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('ignores storage it did not write', () => {
    const storage = new MemoryStorage();
    storage.setItem('tmt.session', '{"token":1}');
    expect(new SessionStore(storage).session).toBeNull();
    storage.setItem('tmt.session', 'not json');
    expect(new SessionStore(storage).session).toBeNull();
  });
});

describe('loginUrl', () => {
  it('asks the service to come back to the page, encoded', () => {
    expect(loginUrl('/map?range=7d&q=a b')).toBe('/auth/twitch?returnTo=%2Fmap%3Frange%3D7d%26q%3Da+b');
  });
});
