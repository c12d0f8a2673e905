import { describe, expect, it } from '@jest/globals';
import { allocateChatSlots, type ChatSlotCandidate } from './chat-slots';

const channel = (login: string, viewers: number | null, pinned = false): ChatSlotCandidate => ({
  login,
  viewers,
  pinned,
});
const sorted = (logins: Set<string>) => [...logins].sort();

describe('allocateChatSlots', () => {
  it('gives free slots to pins first, then to the biggest audiences', () => {
    const candidates = [channel('a', 10), channel('b', 500), channel('c', 50, true), channel('d', 300)];
    expect(sorted(allocateChatSlots(candidates, new Set(), 3))).toEqual(['b', 'c', 'd']);
  });

  it('never gives out more slots than there are', () => {
    const candidates = Array.from({ length: 150 }, (_, i) => channel(`c${i}`, 1000 - i));
    expect(allocateChatSlots(candidates, new Set(), 100).size).toBe(100);
    expect(allocateChatSlots(candidates, new Set(candidates.map((c) => c.login)), 100).size).toBe(100);
    expect(allocateChatSlots(candidates, new Set(), 0).size).toBe(0);
  });

  it('keeps watched channels in their slots against slightly bigger newcomers', () => {
    const candidates = [channel('held', 100), channel('newcomer', 150)];
    expect(sorted(allocateChatSlots(candidates, new Set(['held']), 1))).toEqual(['held']);
  });

  it('hands a slot over to a channel with more than twice the audience, or to a pin', () => {
    const bigger = [channel('held', 100), channel('newcomer', 201)];
    expect(sorted(allocateChatSlots(bigger, new Set(['held']), 1))).toEqual(['newcomer']);
    const pinned = [channel('held', 100_000), channel('pin', 3, true)];
    expect(sorted(allocateChatSlots(pinned, new Set(['held']), 1))).toEqual(['pin']);
    const pins = [channel('held', 100_000, true), channel('pin', 3, true)];
    expect(sorted(allocateChatSlots(pins, new Set(['held']), 1))).toEqual(['held']);
  });

  it('gives up the lowest ranked slots first when there are fewer than before', () => {
    const candidates = [channel('a', 10), channel('b', 500), channel('c', 50, true), channel('kept', null)];
    const watched = new Set(['a', 'b', 'c', 'kept']);
    expect(sorted(allocateChatSlots(candidates, watched, 2))).toEqual(['b', 'c']);
  });

  it('fills a slot freed by a channel that left with the best waiting channel', () => {
    const candidates = [channel('a', 100), channel('b', 90), channel('c', 80)];
    const first = allocateChatSlots(candidates, new Set(), 2);
    expect(sorted(first)).toEqual(['a', 'b']);
    const after = allocateChatSlots(
      candidates.filter((c) => c.login !== 'a'),
      first,
      2,
    );
    expect(sorted(after)).toEqual(['b', 'c']);
  });
});
