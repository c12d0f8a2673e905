import { describe, expect, it } from '@jest/globals';
import { UserInterner } from './user-interner';

describe('UserInterner', () => {
  it('assigns dense stable ids and lower-cases logins', () => {
    const interner = new UserInterner();
    const alice = interner.intern('Alice');
    const bob = interner.intern('bob');
    expect([alice, bob]).toEqual([0, 1]);
    expect(interner.intern('ALICE')).toBe(alice);
    expect(interner.intern('alice')).toBe(alice);
    expect(interner.loginOf(alice)).toBe('alice');
    expect(interner.idOf('BoB')).toBe(bob);
    expect(interner.idOf('carol')).toBeUndefined();
    expect(interner.size).toBe(2);
  });

  it('interns a whole snapshot into a typed array', () => {
    const interner = new UserInterner();
    const ids = interner.internAll(['a', 'B', 'a']);
    expect(Array.from(ids)).toEqual([0, 1, 0]);
    expect(() => interner.loginOf(7)).toThrow(RangeError);
  });

  it('keeps ids and lookups exact while its table grows, for any case and non-ASCII logins', () => {
    const interner = new UserInterner();
    const logins = Array.from({ length: 5000 }, (_, i) => `viewer_${i.toString(36)}`);
    const ids = logins.map((login) => interner.intern(login));
    expect(ids).toEqual(logins.map((_, i) => i));
    logins.forEach((login, i) => {
      expect(interner.intern(login.toUpperCase())).toBe(i);
      expect(interner.idOf(login)).toBe(i);
      expect(interner.loginOf(i)).toBe(login);
    });
    const accented = interner.intern('Élodie');
    expect(interner.intern('élodie')).toBe(accented);
    expect(interner.idOf('ÉLODIE')).toBe(accented);
    expect(interner.loginOf(accented)).toBe('élodie');
    expect(interner.size).toBe(5001);
  });
});
