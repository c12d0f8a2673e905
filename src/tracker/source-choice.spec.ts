import { describe, expect, it } from '@jest/globals';
import { chooseSource } from './source-choice';

const live = {
  chattersAvailable: true,
  broadcasterId: '42',
  chattersForbidden: false,
  viewers: 5_000,
  membershipReadable: true,
};

describe('chooseSource', () => {
  it('uses Get Chatters when a moderator token can read the channel', () => {
    expect(chooseSource(live)).toBe('CHATTERS');
  });

  it('falls back to chat when the token is refused: membership under 1000 viewers, else activity', () => {
    expect(chooseSource({ ...live, chattersForbidden: true, viewers: 999 })).toBe('MEMBERSHIP');
    expect(chooseSource({ ...live, chattersForbidden: true, viewers: 1000 })).toBe('ACTIVITY');
  });

  it('uses chat without a moderator token', () => {
    expect(chooseSource({ ...live, chattersAvailable: false, viewers: 10 })).toBe('MEMBERSHIP');
    expect(chooseSource({ ...live, chattersAvailable: false })).toBe('ACTIVITY');
  });

  it('never chooses membership when chat is read over EventSub, which carries no JOIN/PART', () => {
    expect(chooseSource({ ...live, chattersAvailable: false, viewers: 10, membershipReadable: false })).toBe(
      'ACTIVITY',
    );
  });

  it('uses chat activity for a pinned channel that is not live (no broadcaster id, no viewers)', () => {
    expect(chooseSource({ ...live, broadcasterId: null, viewers: null })).toBe('ACTIVITY');
  });
});
