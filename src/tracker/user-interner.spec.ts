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
});
