import { describe, expect, it } from '@jest/globals';
import { ModeratorAssignment } from './moderator-assignment';

const budgets = new Map([
  ['a', 800],
  ['b', 800],
]);

describe('ModeratorAssignment', () => {
  it('tries the least loaded token first for a new channel, and keeps a channel on its token', () => {
    const assignment = new ModeratorAssignment();
    expect(assignment.order('c1', budgets)).toEqual(['a', 'b']);
    assignment.read('c1', 'a', 10);
    expect(assignment.order('c2', budgets)).toEqual(['b', 'a']);
    assignment.read('c2', 'b', 10);
    expect(assignment.order('c1', budgets)[0]).toBe('a');
    expect(assignment.tokenFor('c1')).toBe('a');
  });

  it('offers a clearly less loaded token to a channel, once, and never a token refused for it', () => {
    const assignment = new ModeratorAssignment();
    for (let i = 0; i < 10; i++) assignment.read(`c${i}`, 'a', 1);
    // b carries nothing: c0 is offered to it first.
    expect(assignment.order('c0', budgets)).toEqual(['b', 'a']);
    assignment.refuse('c0', 'b');
    expect(assignment.order('c0', budgets)).toEqual(['a']);
    // c1 moves to b when Twitch lets b in.
    assignment.read('c1', 'b', 1);
    expect(assignment.tokenFor('c1')).toBe('b');
  });

  it('settles: a channel stays put within the margin', () => {
    const assignment = new ModeratorAssignment();
    for (let i = 0; i < 50; i++) assignment.read(`a${i}`, 'a', 1);
    for (let i = 0; i < 49; i++) assignment.read(`b${i}`, 'b', 1);
    expect(assignment.order('a0', budgets)[0]).toBe('a');
  });

  it('forgets what it knew of a token whose credentials changed', () => {
    const assignment = new ModeratorAssignment();
    assignment.read('c1', 'a', 1);
    assignment.refuse('c2', 'a');
    assignment.forgetToken('a');
    expect(assignment.tokenFor('c1')).toBeNull();
    expect(assignment.order('c2', budgets)).toContain('a');
  });
});
