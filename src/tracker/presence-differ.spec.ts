import { describe, expect, it } from '@jest/globals';
import { BotFilter } from './bot-filter';
import { ActivityPresence, PresenceDiffer } from './presence-differ';
import { UserInterner } from './user-interner';

const S = 1000;

describe('PresenceDiffer', () => {
  it('treats the first snapshot as a baseline: no joins', () => {
    const differ = new PresenceDiffer();
    const first = differ.snapshot('a', [1, 2, 3], 0);
    expect(first.joined).toEqual([]);
    expect(first.left).toEqual([]);
    const second = differ.snapshot('a', [1, 2, 3, 4], 60 * S);
    expect(second.joined).toEqual([4]);
    expect(second.joinedAt).toBe(60 * S);
  });

  it('stays in baseline until the first complete snapshot', () => {
    const differ = new PresenceDiffer();
    differ.snapshot('a', [1], 0, { complete: false });
    expect(differ.snapshot('a', [1, 2], 60 * S).joined).toEqual([]);
    expect(differ.snapshot('a', [1, 2, 3], 120 * S).joined).toEqual([3]);
  });

  it('gives no leaves on a failed or partial poll, but joins for newly seen users', () => {
    const differ = new PresenceDiffer();
    differ.snapshot('a', [1, 2, 3], 0);
    const partial = differ.snapshot('a', [1, 4], 60 * S, { complete: false });
    expect(partial.left).toEqual([]);
    expect(partial.joined).toEqual([4]);
    expect(differ.snapshot('a', [], 120 * S, { complete: false }).left).toEqual([]);
    const full = differ.snapshot('a', [1, 4], 180 * S);
    expect(full.left.sort()).toEqual([2, 3]);
    expect(full.leftAt).toEqual([180 * S, 180 * S]);
  });

  it('confirms a leave after one complete missing snapshot by default', () => {
    const differ = new PresenceDiffer();
    differ.snapshot('a', [1, 2], 0);
    const diff = differ.snapshot('a', [1], 60 * S);
    expect(diff.left).toEqual([2]);
    expect(diff.leftAt).toEqual([60 * S]);
    expect(differ.presentCount('a')).toBe(1);
  });

  it('with two confirmations dates the leave at the first miss; partial polls do not count', () => {
    const differ = new PresenceDiffer({ leaveConfirmations: 2 });
    differ.snapshot('a', [1, 2, 3], 0);
    expect(differ.snapshot('a', [1, 3], 60 * S).left).toEqual([]);
    expect(differ.snapshot('a', [1], 90 * S, { complete: false }).left).toEqual([]);
    const confirmed = differ.snapshot('a', [1], 120 * S);
    expect(confirmed.left).toEqual([2]);
    expect(confirmed.leftAt).toEqual([60 * S]);
    // 3 missed only once so far (at 120 s).
    const later = differ.snapshot('a', [1], 180 * S);
    expect(later.left).toEqual([3]);
    expect(later.leftAt).toEqual([120 * S]);
  });

  it('resets the miss count when the user reappears', () => {
    const differ = new PresenceDiffer({ leaveConfirmations: 2 });
    differ.snapshot('a', [1, 2], 0);
    differ.snapshot('a', [1], 60 * S);
    const back = differ.snapshot('a', [1, 2], 120 * S);
    expect(back.joined).toEqual([]);
    differ.snapshot('a', [1], 180 * S);
    const gone = differ.snapshot('a', [1], 240 * S);
    expect(gone.leftAt).toEqual([180 * S]);
  });

  it('tolerates duplicate ids in a snapshot', () => {
    const differ = new PresenceDiffer();
    differ.snapshot('a', [1, 2], 0);
    expect(differ.snapshot('a', [1, 1], 60 * S).left).toEqual([2]);
  });

  it('forgets a removed channel and releases its presence counts', () => {
    const interner = new UserInterner();
    const bots = new BotFilter(interner);
    const differ = new PresenceDiffer({ counter: bots });
    const id = interner.intern('viewer');
    differ.snapshot('a', [id], 0);
    differ.snapshot('b', [id], 0);
    expect(bots.channelCount(id)).toBe(2);
    differ.removeChannel('a');
    expect(bots.channelCount(id)).toBe(1);
    expect(differ.presentCount('a')).toBe(0);
    expect(differ.snapshot('a', [id, 5], 60 * S).joined).toEqual([]);
  });

  it('diffs login snapshots like the interned ids, tolerating duplicates and case variants', () => {
    const interner = new UserInterner();
    const byId = new PresenceDiffer({ leaveConfirmations: 2 });
    const byLogin = new PresenceDiffer({ leaveConfirmations: 2 });
    const polls: [string[], boolean][] = [
      [['Alice', 'bob'], true],
      [['alice', 'BOB', 'bob', 'carol'], true],
      [['ALICE'], false],
      [['alice', 'Dave'], true],
      [['dave', 'Carol'], true],
      [['dave'], true],
      [['dave'], true],
    ];
    polls.forEach(([logins, complete], i) => {
      const at = i * 60 * S;
      const fromLogins = byLogin.snapshotLogins('a', logins, interner, at, { complete });
      expect(fromLogins).toEqual(byId.snapshot('a', interner.internAll(logins), at, { complete }));
    });
    expect(byLogin.presentCount('a')).toBe(1);
  });

  it('keeps a channel on one kind of snapshot', () => {
    const differ = new PresenceDiffer();
    differ.snapshot('a', [1], 0);
    expect(() => differ.snapshotLogins('a', ['x'], new UserInterner(), 60 * S)).toThrow();
  });
});

describe('ActivityPresence', () => {
  it('keeps a chatter present until ttl after the last message, then leaves at that time', () => {
    const presence = new ActivityPresence({ activityTtlMs: 600 * S });
    expect(presence.message('a', 1, 0)).toEqual({
      kind: 'join',
      channel: 'a',
      userId: 1,
      at: 0,
      source: 'ACTIVITY',
    });
    expect(presence.message('a', 1, 100 * S)).toBeUndefined();
    expect(presence.expire(699 * S)).toEqual([]);
    expect(presence.expire(700 * S)).toEqual([
      { kind: 'leave', channel: 'a', userId: 1, at: 700 * S, source: 'ACTIVITY' },
    ]);
    expect(presence.expire(800 * S)).toEqual([]);
  });

  it('passes JOIN/PART through, de-duplicated, and JOIN presence does not expire', () => {
    const presence = new ActivityPresence({ activityTtlMs: 10 * S });
    expect(presence.join('a', 1, 0)?.source).toBe('MEMBERSHIP');
    expect(presence.join('a', 1, 5 * S)).toBeUndefined();
    expect(presence.message('a', 1, 6 * S)).toBeUndefined();
    expect(presence.expire(1000 * S)).toEqual([]);
    expect(presence.part('a', 1, 1001 * S)).toEqual({
      kind: 'leave',
      channel: 'a',
      userId: 1,
      at: 1001 * S,
      source: 'MEMBERSHIP',
    });
    expect(presence.part('a', 1, 1002 * S)).toBeUndefined();
  });
});
