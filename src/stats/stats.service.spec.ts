import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import { Test } from '@nestjs/testing';
import type { Cache } from 'cache-manager';
import { ErrorCode, NotReadyError } from '../common/domain-error';
import { DatabaseIdentityRepository } from '../database/database-identity.repository';
import { StreamSnapshotEntity } from '../streams/entities/stream-snapshot.entity';
import { StreamEntity } from '../streams/entities/stream.entity';
import { LatestSnapshotService } from '../streams/latest-snapshot.service';
import { SnapshotRepository } from '../streams/snapshot.repository';
import type { SnapshotRecord, StreamRecord } from '../streams/stream-record';
import { openTestDatabase, sqlTargets, type TestDatabase } from '../../test/support/sql-test-database';
import { streamRecord, streamsWithViewers } from '../../test/stats/stream-record.factory';
import { StatsSource } from './models/stats-source.enum';
import { toCacheEntry } from './stats-cache-entry';
import { StatsService, streamStatsCacheKey } from './stats.service';
import { StreamStatisticsRepository } from './stream-statistics.repository';
import { computeStreamStatistics } from './stream-statistics';

const snapshotRecord = (id: number, streamCount: number): SnapshotRecord => ({
  id,
  takenAt: new Date(Date.UTC(2026, 0, 1, 0, id * 15)),
  streamCount,
});

/** Resolves only when the test says so, to hold a computation open while requests pile up. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

const DATABASE_ID = 'database-a';

async function createService(
  repository: Partial<SnapshotRepository>,
  options: { databaseId?: string; cache?: Cache } = {},
  sql?: StreamStatisticsRepository,
) {
  const current = jest.fn<() => Promise<SnapshotRecord | null>>();
  // The real `required` over the mocked `current`.
  const latest = Object.assign(Object.create(LatestSnapshotService.prototype) as LatestSnapshotService, {
    current,
  });
  const identity = { current: options.databaseId ?? DATABASE_ID };
  const builder = Test.createTestingModule({
    imports: [CacheModule.register()],
    providers: [
      StatsService,
      { provide: LatestSnapshotService, useValue: latest },
      { provide: SnapshotRepository, useValue: repository },
      { provide: StreamStatisticsRepository, useValue: sql ?? {} },
      { provide: DatabaseIdentityRepository, useValue: identity },
    ],
  });
  if (options.cache) builder.overrideProvider(CACHE_MANAGER).useValue(options.cache);
  const moduleRef = await builder.compile();
  return {
    service: moduleRef.get(StatsService),
    cache: moduleRef.get<Cache>(CACHE_MANAGER),
    latest: { current },
  };
}

describe('StatsService', () => {
  const streamsBySnapshot = new Map<number, StreamRecord[]>([
    [1, streamsWithViewers([10, 20, 20, 31])],
    [2, streamsWithViewers([5, 5, 5])],
  ]);
  let streamsOf: jest.Mock<(snapshotId: number) => Promise<StreamRecord[]>>;
  let setup: Awaited<ReturnType<typeof createService>>;

  beforeEach(async () => {
    streamsOf = jest.fn(async (snapshotId: number) => streamsBySnapshot.get(snapshotId) ?? []);
    setup = await createService({ streamsOf });
  });

  it.each([StatsSource.MEMORY, StatsSource.DATABASE])(
    'reports NOT_READY for %s before the first snapshot',
    async (source) => {
      setup.latest.current.mockResolvedValue(null);
      const failure = setup.service.getStats(source);
      await expect(failure).rejects.toBeInstanceOf(NotReadyError);
      await expect(failure).rejects.toMatchObject({ code: ErrorCode.NotReady });
      expect(streamsOf).not.toHaveBeenCalled();
    },
  );

  it('computes per snapshot and switches as soon as a new snapshot is published', async () => {
    setup.latest.current.mockResolvedValue(snapshotRecord(1, 4));
    const first = await setup.service.getStats(StatsSource.MEMORY);
    expect(first).toMatchObject({ source: StatsSource.MEMORY, snapshot: { id: 1 } });
    expect(first.statistics).toMatchObject({ totalStreams: 4, medianViewers: 20, duplicateViewerStreams: 2 });

    setup.latest.current.mockResolvedValue(snapshotRecord(2, 3));
    const second = await setup.service.getStats(StatsSource.MEMORY);
    expect(second.snapshot.id).toBe(2);
    expect(second.statistics).toMatchObject({ totalStreams: 3, medianViewers: 5, duplicateViewerStreams: 3 });
    expect(streamsOf.mock.calls).toStrictEqual([[1], [2]]);
  });

  it('stores JSON-safe figures under the snapshot id and serves repeats without the cache or the database', async () => {
    setup.latest.current.mockResolvedValue(snapshotRecord(1, 4));
    const first = await setup.service.getStats(StatsSource.MEMORY);
    const stored = await setup.cache.get(streamStatsCacheKey(DATABASE_ID, 1));
    expect(JSON.parse(JSON.stringify(stored))).toStrictEqual(stored);

    const cacheReads = jest.spyOn(setup.cache, 'get');
    expect(await setup.service.getStats(StatsSource.MEMORY)).toBe(first);
    expect(cacheReads).not.toHaveBeenCalled();
    expect(streamsOf).toHaveBeenCalledTimes(1);
  });

  it('uses figures another process cached, with dates restored', async () => {
    const startedAt = new Date('2026-01-01T08:30:00.000Z');
    const streams = [streamRecord('1', 7, { startedAt }), streamRecord('2', 7, { startedAt: null })];
    const shared = JSON.parse(JSON.stringify(toCacheEntry(computeStreamStatistics(streams))));
    await setup.cache.set(streamStatsCacheKey(DATABASE_ID, 3), shared);
    setup.latest.current.mockResolvedValue(snapshotRecord(3, 2));

    const result = await setup.service.getStats(StatsSource.MEMORY);
    expect(streamsOf).not.toHaveBeenCalled();
    expect(result.statistics).toStrictEqual(computeStreamStatistics(streams));
    expect(result.statistics.duplicateGroups![0].streams[0].startedAt).toBeInstanceOf(Date);
  });

  it('keeps the figures of two databases apart in one shared cache, though their snapshot ids match', async () => {
    const other = await createService(
      { streamsOf: async () => streamsBySnapshot.get(2) ?? [] },
      { databaseId: 'database-b', cache: setup.cache },
    );
    setup.latest.current.mockResolvedValue(snapshotRecord(1, 4));
    other.latest.current.mockResolvedValue(snapshotRecord(1, 3));

    const mine = await setup.service.getStats(StatsSource.MEMORY);
    const theirs = await other.service.getStats(StatsSource.MEMORY);
    expect(mine.statistics.medianViewers).toBe(20);
    expect(theirs.statistics.medianViewers).toBe(5);
    expect(await setup.cache.get(streamStatsCacheKey('database-b', 1))).toMatchObject({ medianViewers: 5 });
  });

  it('answers from its own computation when the cache fails', async () => {
    const down = new Error('The client is offline');
    const failing = {
      get: jest.fn(async () => undefined),
      set: jest.fn(async () => Promise.reject(down)),
    } as unknown as Cache;
    const isolated = await createService({ streamsOf }, { cache: failing });
    isolated.latest.current.mockResolvedValue(snapshotRecord(1, 4));

    const result = await isolated.service.getStats(StatsSource.MEMORY);
    expect(result.statistics.medianViewers).toBe(20);
    expect(failing.set).toHaveBeenCalledTimes(1);
  });

  it('computes once for a burst of concurrent requests', async () => {
    const rows = deferred<StreamRecord[]>();
    streamsOf.mockReturnValue(rows.promise);
    setup.latest.current.mockResolvedValue(snapshotRecord(1, 4));

    const burst = Array.from({ length: 20 }, () => setup.service.getStats(StatsSource.MEMORY));
    await new Promise((resolve) => setImmediate(resolve));
    rows.resolve(streamsBySnapshot.get(1) ?? []);
    const results = await Promise.all(burst);

    expect(streamsOf).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0].statistics.totalStreams).toBe(4);
  });

  it('tries again after a failed computation', async () => {
    streamsOf.mockRejectedValueOnce(new Error('connection lost'));
    setup.latest.current.mockResolvedValue(snapshotRecord(2, 3));
    await expect(setup.service.getStats(StatsSource.MEMORY)).rejects.toThrow('connection lost');
    expect((await setup.service.getStats(StatsSource.MEMORY)).statistics.totalStreams).toBe(3);
  });

  it('keeps the newest snapshot when an older computation finishes last', async () => {
    const oldRows = deferred<StreamRecord[]>();
    streamsOf.mockImplementation(async (snapshotId) =>
      snapshotId === 1 ? oldRows.promise : (streamsBySnapshot.get(snapshotId) ?? []),
    );
    setup.latest.current.mockResolvedValueOnce(snapshotRecord(1, 4)).mockResolvedValue(snapshotRecord(2, 3));
    const old = setup.service.getStats(StatsSource.MEMORY);
    const newer = await setup.service.getStats(StatsSource.MEMORY);
    oldRows.resolve(streamsBySnapshot.get(1) ?? []);
    await old;

    expect(newer.snapshot.id).toBe(2);
    expect(await setup.service.getStats(StatsSource.MEMORY)).toBe(newer);
  });
});

describe('StatsService with the DATABASE source', () => {
  let db: TestDatabase;
  let repository: SnapshotRepository;
  let setup: Awaited<ReturnType<typeof createService>>;

  beforeAll(async () => {
    db = await openTestDatabase(sqlTargets()[0], [StreamSnapshotEntity, StreamEntity]);
    repository = new SnapshotRepository(db.sequelize, StreamSnapshotEntity, StreamEntity);
    setup = await createService(repository, {}, new StreamStatisticsRepository(db.sequelize));
  });

  afterAll(async () => {
    await db.close();
  });

  it('queries the database on every request and caches nothing', async () => {
    const snapshot = await repository.save(
      { takenAt: new Date(), pagesFetched: 1, durationMs: 1, streams: streamsWithViewers([3, 8, 8]) },
      10,
    );
    setup.latest.current.mockResolvedValue(snapshot);
    const first = await setup.service.getStats(StatsSource.DATABASE);
    expect(first).toMatchObject({ source: StatsSource.DATABASE, snapshot: { id: snapshot.id } });
    expect(first.statistics).toMatchObject({ totalStreams: 3, medianViewers: 8, duplicateViewerStreams: 2 });

    // Snapshots never change in production; changing this one proves the second answer was not cached.
    await StreamEntity.create({ ...streamRecord('4', 3), snapshotId: snapshot.id });
    const second = await setup.service.getStats(StatsSource.DATABASE);
    expect(second.statistics).toMatchObject({
      totalStreams: 4,
      medianViewers: 5.5,
      duplicateViewerStreams: 4,
    });
    expect(await setup.cache.get(streamStatsCacheKey(DATABASE_ID, snapshot.id))).toBeUndefined();
  });
});
