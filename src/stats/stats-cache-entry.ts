import type { StreamRecord } from '../streams/stream-record';
import type { StreamStatistics } from './stream-statistics';

type CachedStreamRecord = Omit<StreamRecord, 'startedAt'> & { readonly startedAt: string | null };

/** StreamStatistics as the cache holds them: JSON-safe (dates as ISO strings), so a Redis store round-trips them. */
export interface CachedStreamStatistics extends Omit<StreamStatistics, 'duplicateGroups'> {
  readonly duplicateGroups: readonly {
    readonly viewerCount: number;
    readonly streams: readonly CachedStreamRecord[];
  }[];
}

export function toCacheEntry(statistics: StreamStatistics): CachedStreamStatistics {
  return {
    ...statistics,
    duplicateGroups: statistics.duplicateGroups.map(({ viewerCount, streams }) => ({
      viewerCount,
      streams: streams.map((stream) => ({ ...stream, startedAt: stream.startedAt?.toISOString() ?? null })),
    })),
  };
}

export function fromCacheEntry(entry: CachedStreamStatistics): StreamStatistics {
  return {
    ...entry,
    duplicateGroups: entry.duplicateGroups.map(({ viewerCount, streams }) => ({
      viewerCount,
      streams: streams.map((stream) => ({
        ...stream,
        startedAt: stream.startedAt === null ? null : new Date(stream.startedAt),
      })),
    })),
  };
}
