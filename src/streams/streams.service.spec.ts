import { describe, expect, it, jest } from '@jest/globals';
import { SortOrder } from '../common/graphql/sort-order.enum';
import { streamsWithViewers } from '../../test/stats/stream-record.factory';
import { LatestSnapshotService } from './latest-snapshot.service';
import type { SnapshotRepository } from './snapshot.repository';
import type { SnapshotRecord, StreamRecord } from './stream-record';
import { StreamsService } from './streams.service';

const snapshot = (id: number): SnapshotRecord => ({
  id,
  takenAt: new Date(Date.UTC(2026, 0, 1)),
  streamCount: 3,
});

function createService() {
  const current = jest.fn<() => Promise<SnapshotRecord | null>>();
  // The real `required` over the mocked `current`.
  const latest = Object.assign(Object.create(LatestSnapshotService.prototype) as LatestSnapshotService, {
    current,
  });
  const streamsOf = jest.fn<(snapshotId: number, limit?: number) => Promise<StreamRecord[]>>();
  const service = new StreamsService(latest, { streamsOf } as unknown as SnapshotRepository);
  return { service, current, streamsOf };
}

describe('StreamsService.topStreams', () => {
  it("reads a snapshot's most watched streams once, then answers any limit and order from them", async () => {
    const { service, current, streamsOf } = createService();
    current.mockResolvedValue(snapshot(1));
    streamsOf.mockResolvedValue(streamsWithViewers([30, 20, 10]));
    const viewers = (streams: StreamRecord[]) => streams.map((stream) => stream.viewerCount);
    expect(viewers(await service.topStreams(SortOrder.DESC, 100))).toEqual([30, 20, 10]);
    expect(viewers(await service.topStreams(SortOrder.ASC, 2))).toEqual([20, 30]);
    expect(viewers(await service.topStreams(SortOrder.DESC, 2))).toEqual([30, 20]);
    expect(streamsOf).toHaveBeenCalledTimes(1);
    expect(streamsOf).toHaveBeenCalledWith(1, 100);
  });

  it('reads the new snapshot as soon as it is the latest', async () => {
    const { service, current, streamsOf } = createService();
    current.mockResolvedValue(snapshot(1));
    streamsOf.mockResolvedValueOnce(streamsWithViewers([30, 20]));
    await service.topStreams(SortOrder.DESC, 100);
    current.mockResolvedValue(snapshot(2));
    streamsOf.mockResolvedValueOnce(streamsWithViewers([50]));
    expect((await service.topStreams(SortOrder.DESC, 100)).map((s) => s.viewerCount)).toEqual([50]);
    expect(streamsOf).toHaveBeenLastCalledWith(2, 100);
  });

  it('does not keep a failed read', async () => {
    const { service, current, streamsOf } = createService();
    current.mockResolvedValue(snapshot(1));
    streamsOf.mockRejectedValueOnce(new Error('database down'));
    await expect(service.topStreams(SortOrder.DESC, 100)).rejects.toThrow('database down');
    streamsOf.mockResolvedValueOnce(streamsWithViewers([30]));
    expect(await service.topStreams(SortOrder.DESC, 100)).toHaveLength(1);
    expect(streamsOf).toHaveBeenCalledTimes(2);
  });
});
