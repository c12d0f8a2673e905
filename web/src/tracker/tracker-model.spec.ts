import { describe, expect, it } from '@jest/globals';
import { countBySource, sortChannels } from './tracker-model';
import type { MonitoredChannelRow } from './tracker.query';

const row = (login: string, patch: Partial<MonitoredChannelRow> = {}): MonitoredChannelRow => ({
  login,
  source: 'CHATTERS',
  pinned: false,
  since: '2026-12-05T10:00:00Z',
  lastPolledAt: null,
  chatters: null,
  keptUntil: null,
  unwatchedReason: null,
  stream: null,
  ...patch,
});

const rows = [
  row('carol', { source: 'ACTIVITY', stream: { id: '3', viewerCount: 10, gameName: 'Chess' } }),
  row('alice', { pinned: true, chatters: 5, stream: { id: '1', viewerCount: 300, gameName: 'art' } }),
  row('bob', { source: 'MEMBERSHIP', chatters: 5, since: '2026-12-05T09:00:00Z' }),
];
const logins = (list: MonitoredChannelRow[]) => list.map((one) => one.login);

describe('sortChannels', () => {
  it('sorts by the stream viewers, channels without a stream last', () => {
    expect(logins(sortChannels(rows, { key: 'viewers', direction: 'desc' }))).toEqual([
      'alice',
      'carol',
      'bob',
    ]);
    expect(logins(sortChannels(rows, { key: 'viewers', direction: 'asc' }))).toEqual([
      'carol',
      'alice',
      'bob',
    ]);
  });

  it('breaks ties by login and sorts times and booleans', () => {
    expect(logins(sortChannels(rows, { key: 'chatters', direction: 'desc' }))).toEqual([
      'alice',
      'bob',
      'carol',
    ]);
    expect(logins(sortChannels(rows, { key: 'since', direction: 'asc' }))).toEqual(['bob', 'alice', 'carol']);
    expect(logins(sortChannels(rows, { key: 'pinned', direction: 'desc' }))).toEqual([
      'alice',
      'bob',
      'carol',
    ]);
    expect(logins(sortChannels(rows, { key: 'game', direction: 'asc' }))).toEqual(['alice', 'carol', 'bob']);
  });
});

describe('countBySource', () => {
  it('counts every source, zero included', () => {
    expect(countBySource(rows)).toEqual({ CHATTERS: 1, MEMBERSHIP: 1, ACTIVITY: 1 });
    expect(countBySource([])).toEqual({ CHATTERS: 0, MEMBERSHIP: 0, ACTIVITY: 0 });
  });
});
