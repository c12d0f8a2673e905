import { performance } from 'node:perf_hooks';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { DatabaseIdentityRepository } from '../database/database-identity.repository';
import { LatestSnapshotService } from '../streams/latest-snapshot.service';
import { SnapshotRepository } from '../streams/snapshot.repository';
import type { SnapshotRecord } from '../streams/stream-record';
import { StatsSource } from './models/stats-source.enum';
import { type CachedStreamStatistics, fromCacheEntry, toCacheEntry } from './stats-cache-entry';
import { StreamStatisticsRepository } from './stream-statistics.repository';
import {
  computeStreamStatistics,
  type GameStatistics,
  gamesInAscendingOrder,
  type SelectedStreamStatistics,
  type StatisticsSelection,
  type StreamStatistics,
  WHOLE_STATISTICS,
} from './stream-statistics';

export interface StreamStatsResult {
  readonly source: StatsSource;
  readonly snapshot: SnapshotRecord;
  /** Whole for MEMORY; for DATABASE, the parts that were selected. */
  readonly statistics: SelectedStreamStatistics;
  /** `statistics.games` by maxViewers ascending, ties by gameId ascending (absent with it). */
  readonly gamesAscending?: readonly GameStatistics[];
}

/**
 * Snapshot ids restart at 1 in every database, so the key also names the database (its identity row):
 * deployments sharing one Redis, or a database created again, never read each other's figures.
 */
export function streamStatsCacheKey(databaseId: string, snapshotId: number): string {
  return `stream-stats:${databaseId}:${snapshotId}`;
}

/**
 * Statistics over the latest complete snapshot. MEMORY figures are computed once per snapshot and shared
 * through the cache (keyed by database and snapshot id, so a newly published snapshot is used at once and
 * figures of two snapshots never mix); DATABASE figures are computed by SQL on every call, only the parts
 * selected (MEMORY has them all already). Without a working cache, MEMORY figures are computed here (the
 * cache logs its outage once).
 */
@Injectable()
export class StatsService {
  private readonly logger = new Logger(StatsService.name);
  /** The newest MEMORY result, so repeated requests cost neither a cache read nor re-hydration. */
  private latestMemory: StreamStatsResult | null = null;
  /** One computation per snapshot however many requests arrive while it runs. */
  private readonly loading = new Map<number, Promise<StreamStatsResult>>();

  constructor(
    private readonly latestSnapshot: LatestSnapshotService,
    private readonly snapshots: SnapshotRepository,
    private readonly sql: StreamStatisticsRepository,
    private readonly database: DatabaseIdentityRepository,
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
  ) {}

  async getStats(
    source: StatsSource,
    selection: StatisticsSelection = WHOLE_STATISTICS,
  ): Promise<StreamStatsResult> {
    const snapshot = await this.latestSnapshot.required();
    if (source === StatsSource.DATABASE) {
      return resultOf(source, snapshot, await this.sql.statisticsOf(snapshot.id, selection));
    }
    if (this.latestMemory?.snapshot.id === snapshot.id) return this.latestMemory;
    let pending = this.loading.get(snapshot.id);
    if (!pending) {
      pending = this.loadInMemory(snapshot).finally(() => this.loading.delete(snapshot.id));
      this.loading.set(snapshot.id, pending);
    }
    return pending;
  }

  private async loadInMemory(snapshot: SnapshotRecord): Promise<StreamStatsResult> {
    const key = streamStatsCacheKey(this.database.current, snapshot.id);
    // The cache manager answers a failed read as a miss.
    const cached = await this.cache.get<CachedStreamStatistics>(key);
    const statistics = cached ? fromCacheEntry(cached) : await this.compute(snapshot, key);
    const result = resultOf(StatsSource.MEMORY, snapshot, statistics);
    // A slow load of an older snapshot must not replace a newer one.
    if (!this.latestMemory || this.latestMemory.snapshot.id < snapshot.id) this.latestMemory = result;
    return result;
  }

  private async compute(snapshot: SnapshotRecord, key: string): Promise<StreamStatistics> {
    const streams = await this.snapshots.streamsOf(snapshot.id);
    const started = performance.now();
    const statistics = computeStreamStatistics(streams);
    const elapsed = performance.now() - started;
    // Expires after the cache's default TTL (CACHE_TTL); a snapshot's figures never change meanwhile.
    // A cache that is down costs other processes a computation of their own, never this answer.
    await this.cache.set(key, toCacheEntry(statistics)).catch(() => undefined);
    this.logger.log(
      `Stream statistics of snapshot ${snapshot.id}: ${streams.length} streams in ${elapsed.toFixed(1)} ms`,
    );
    return statistics;
  }
}

function resultOf(
  source: StatsSource,
  snapshot: SnapshotRecord,
  statistics: SelectedStreamStatistics,
): StreamStatsResult {
  return {
    source,
    snapshot,
    statistics,
    gamesAscending: statistics.games && gamesInAscendingOrder(statistics.games),
  };
}
