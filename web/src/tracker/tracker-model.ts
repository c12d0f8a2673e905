import { type SortDirection, sortRows, type SortState, type SortValue, timeKey } from '../stats/sort-rows';
import { PRESENCE_SOURCES, type PresenceSource } from '../common/migration.fragment';
import type { MonitoredChannelRow } from './tracker.query';

export const CHANNEL_SORT_KEYS = [
  'login',
  'source',
  'pinned',
  'since',
  'lastPolledAt',
  'chatters',
  'keptUntil',
  'viewers',
  'game',
] as const;
export type ChannelSortKey = (typeof CHANNEL_SORT_KEYS)[number];

export const CHANNEL_COLUMNS: Record<
  ChannelSortKey,
  { label: string; value: (row: MonitoredChannelRow) => SortValue; first: SortDirection; numeric?: boolean }
> = {
  login: { label: 'Channel', value: (row) => row.login, first: 'asc' },
  source: { label: 'Source', value: (row) => row.source, first: 'asc' },
  pinned: { label: 'Pinned', value: (row) => row.pinned, first: 'desc' },
  since: { label: 'Since', value: (row) => timeKey(row.since), first: 'desc' },
  lastPolledAt: { label: 'Last polled', value: (row) => timeKey(row.lastPolledAt), first: 'desc' },
  chatters: { label: 'Chatters', value: (row) => row.chatters, first: 'desc', numeric: true },
  keptUntil: { label: 'Kept until', value: (row) => timeKey(row.keptUntil), first: 'asc' },
  viewers: { label: 'Viewers', value: (row) => row.stream?.viewerCount, first: 'desc', numeric: true },
  game: { label: 'Game', value: (row) => row.stream?.gameName?.toLowerCase(), first: 'asc' },
};

/** Ties by login, so a table that polls keeps its rows in place. */
export function sortChannels(
  rows: readonly MonitoredChannelRow[],
  sort: SortState<ChannelSortKey>,
): MonitoredChannelRow[] {
  return sortRows(rows, CHANNEL_COLUMNS[sort.key].value, sort.direction, (row) => row.login);
}

/** How many channels each presence source watches, every source listed. */
export function countBySource(rows: readonly MonitoredChannelRow[]): Record<PresenceSource, number> {
  const counts = Object.fromEntries(PRESENCE_SOURCES.map((source) => [source, 0])) as Record<
    PresenceSource,
    number
  >;
  for (const row of rows) counts[row.source] += 1;
  return counts;
}
