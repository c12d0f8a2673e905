import { describe, expect, it } from '@jest/globals';
import { BotFilter } from './bot-filter';
import { PresenceDiffer, type PresenceDifferOptions } from './presence-differ';
import { UserInterner } from './user-interner';

const S = 1000;

/** A differ fed the logins of one channel, `a`; its diffs name users by login. */
function channelA(options: PresenceDifferOptions = {}) {
  const interner = new UserInterner();
  const differ = new PresenceDiffer(options);
  const snapshot = (logins: readonly string[], at: number, complete = true) => {
    const diff = differ.snapshotLogins('a', logins, interner, at, { complete });
    return {
      ...diff,
      joined: diff.joined.map((id) => interner.loginOf(id)),
      left: diff.left.map((id) => interner.loginOf(id)),
    };
  };
  return { differ, snapshot };
}

describe('PresenceDiffer', () => {
  it('treats the first snapshot as a baseline: no joins', () => {
    const { snapshot } = channelA();
    const first = snapshot(['u1', 'u2', 'u3'], 0);
    expect(first.joined).toEqual([]);
    expect(first.left).toEqual([]);
    const second = snapshot(['u1', 'u2', 'u3', 'u4'], 60 * S);
    expect(second.joined).toEqual(['u4']);
    expect(second.joinedAt).toBe(60 * S);
  });

  it('stays in baseline until the first complete snapshot', () => {
    const { snapshot } = channelA();
    snapshot(['u1'], 0, false);
    expect(snapshot(['u1', 'u2'], 60 * S).joined).toEqual([]);
    expect(snapshot(['u1', 'u2', 'u3'], 120 * S).joined).toEqual(['u3']);
  });

  it('gives no leaves on a failed or partial poll, but joins for newly seen users', () => {
    const { snapshot } = channelA();
    snapshot(['u1', 'u2', 'u3'], 0);
    const partial = snapshot(['u1', 'u4'], 60 * S, false);
    expect(partial.left).toEqual([]);
    expect(partial.joined).toEqual(['u4']);
    expect(snapshot([], 120 * S, false).left).toEqual([]);
    const full = snapshot(['u1', 'u4'], 180 * S);
    expect(full.left.sort()).toEqual(['u2', 'u3']);
    expect(full.leftAt).toEqual([180 * S, 180 * S]);
  });

  it('confirms a leave after one complete missing snapshot by default', () => {
    const { differ, snapshot } = channelA();
    snapshot(['u1', 'u2'], 0);
    const diff = snapshot(['u1'], 60 * S);
    expect(diff.left).toEqual(['u2']);
    expect(diff.leftAt).toEqual([60 * S]);
    expect(differ.presentCount('a')).toBe(1);
  });

  it('with two confirmations dates the leave at the first miss; partial polls do not count', () => {
    const { snapshot } = channelA({ leaveConfirmations: 2 });
    snapshot(['u1', 'u2', 'u3'], 0);
    expect(snapshot(['u1', 'u3'], 60 * S).left).toEqual([]);
    expect(snapshot(['u1'], 90 * S, false).left).toEqual([]);
    const confirmed = snapshot(['u1'], 120 * S);
    expect(confirmed.left).toEqual(['u2']);
    expect(confirmed.leftAt).toEqual([60 * S]);
    // u3 missed only once so far (at 120 s).
    const later = snapshot(['u1'], 180 * S);
    expect(later.left).toEqual(['u3']);
    expect(later.leftAt).toEqual([120 * S]);
  });

  it('reports the oldest first miss still awaiting confirmation, the earliest a leave can yet be dated', () => {
    const none = channelA();
    none.snapshot(['u1', 'u2'], 0);
    none.snapshot(['u1'], 60 * S);
    expect(none.differ.oldestPendingMiss()).toBe(Number.POSITIVE_INFINITY);

    const { differ, snapshot } = channelA({ leaveConfirmations: 2 });
    snapshot(['u1', 'u2', 'u3'], 0);
    expect(differ.oldestPendingMiss()).toBe(Number.POSITIVE_INFINITY);
    snapshot(['u1', 'u3'], 60 * S);
    expect(differ.oldestPendingMiss()).toBe(60 * S);
    // A partial poll listing u2 again ends that absence; u3's counts from the next complete poll (120 s).
    snapshot(['u1', 'u2'], 90 * S, false);
    snapshot(['u1', 'u2'], 120 * S);
    expect(differ.oldestPendingMiss()).toBe(120 * S);
    snapshot(['u1', 'u2'], 180 * S);
    expect(differ.oldestPendingMiss()).toBe(Number.POSITIVE_INFINITY);
  });

  it('resets the miss count when the user reappears', () => {
    const { snapshot } = channelA({ leaveConfirmations: 2 });
    snapshot(['u1', 'u2'], 0);
    snapshot(['u1'], 60 * S);
    const back = snapshot(['u1', 'u2'], 120 * S);
    expect(back.joined).toEqual([]);
    snapshot(['u1'], 180 * S);
    const gone = snapshot(['u1'], 240 * S);
    expect(gone.leftAt).toEqual([180 * S]);
  });

  it('tolerates duplicates and case variants of a login in a snapshot', () => {
    const { differ, snapshot } = channelA();
    snapshot(['Alice', 'bob', 'carol'], 0);
    const diff = snapshot(['alice', 'ALICE', 'Bob', 'bob', 'dave', 'Dave'], 60 * S);
    expect(diff.joined).toEqual(['dave']);
    expect(diff.left).toEqual(['carol']);
    expect(differ.presentCount('a')).toBe(3);
  });

  it('forgets a removed channel and releases its presence counts', () => {
    const interner = new UserInterner();
    const bots = new BotFilter(interner);
    const differ = new PresenceDiffer({ counter: bots });
    differ.snapshotLogins('a', ['viewer'], interner, 0);
    differ.snapshotLogins('b', ['viewer'], interner, 0);
    const id = interner.intern('viewer');
    expect(bots.channelCount(id)).toBe(2);
    differ.removeChannel('a');
    expect(bots.channelCount(id)).toBe(1);
    expect(differ.presentCount('a')).toBe(0);
    expect(differ.snapshotLogins('a', ['viewer', 'other'], interner, 60 * S).joined).toEqual([]);
  });
});
