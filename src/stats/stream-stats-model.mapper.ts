import { toSnapshotModel } from '../streams/stream-model.mapper';
import type { StreamStatsModel } from './models/stream-stats.model';
import type { StreamStatsResult } from './stats.service';

/** Shares the precomputed lists rather than copying them: this runs on every request. */
export function toStreamStatsModel({
  source,
  snapshot,
  statistics,
  gamesAscending,
}: StreamStatsResult): StreamStatsModel {
  return {
    source,
    snapshot: toSnapshotModel(snapshot),
    totalStreams: statistics.totalStreams,
    medianViewers: statistics.medianViewers,
    oddViewerStreams: statistics.oddViewerStreams,
    evenViewerStreams: statistics.evenViewerStreams,
    duplicateViewerStreams: statistics.duplicateViewerStreams,
    allDuplicateGroups: statistics.duplicateGroups,
    gamesDescending: statistics.games,
    gamesAscending,
  };
}
