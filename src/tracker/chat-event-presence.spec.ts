import { describe, expect, it } from '@jest/globals';
import { ChatEventPresence } from './chat-event-presence';

const S = 1000;

describe('ChatEventPresence', () => {
  it('keeps a chatter present until ttl after the last message, then leaves at that time', () => {
    const presence = new ChatEventPresence({ activityTtlMs: 600 * S });
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
    const presence = new ChatEventPresence({ activityTtlMs: 10 * S });
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
