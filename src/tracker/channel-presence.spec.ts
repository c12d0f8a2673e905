import { describe, expect, it } from '@jest/globals';
import { ChannelPresence } from './channel-presence';

describe('ChannelPresence', () => {
  it('finds, marks and removes users, also when their first hashes collide and probes wrap around', () => {
    const presence = new ChannelPresence();
    // first = 14 for all: one probe run that wraps past the end of the initial 16 slots.
    const users = Array.from({ length: 11 }, (_, i) => ({ first: 14, second: 100 + i, id: i }));
    for (const u of users) presence.add(u.first, u.second, u.id);
    expect(presence.size).toBe(11);
    for (const u of users) expect(presence.idAt(presence.find(u.first, u.second))).toBe(u.id);
    expect(presence.find(14, 999)).toBe(-1);

    for (const i of [0, 5, 9]) presence.remove(users[i].first, users[i].second);
    expect(presence.size).toBe(8);
    users.forEach((u, i) => {
      const slot = presence.find(u.first, u.second);
      if ([0, 5, 9].includes(i)) expect(slot).toBe(-1);
      else expect(presence.idAt(slot)).toBe(u.id);
    });
  });

  it('reports the users a poll did not mark, once each, and keeps them across growth', () => {
    const presence = new ChannelPresence();
    for (let id = 0; id < 100; id++) presence.add(id * 7919, id, id);
    expect(presence.size).toBe(100);
    for (let id = 0; id < 100; id += 2) {
      const slot = presence.find(id * 7919, id);
      expect(presence.markSeen(slot, 1)).toBe(true);
      expect(presence.markSeen(slot, 1)).toBe(false);
    }
    const missing: number[] = [];
    presence.unseen(1, missing);
    const ids = missing.filter((_, k) => k % 3 === 2).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, k) => 2 * k + 1));
    expect(presence.ids().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, id) => id));
  });
});
