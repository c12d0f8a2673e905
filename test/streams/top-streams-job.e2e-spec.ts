import { afterEach, describe, expect, it } from '@jest/globals';
import { getModelToken } from '@nestjs/sequelize';
import { StreamSnapshotEntity } from '../../src/streams/entities/stream-snapshot.entity';
import { SnapshotRepository } from '../../src/streams/snapshot.repository';
import { LatestSnapshotService } from '../../src/streams/latest-snapshot.service';
import { TopStreamsJob } from '../../src/streams/top-streams.job';
import { type AppHarness, startApp } from '../support/app-harness';
import { waitFor } from '../support/wait-for';

describe('TopStreamsJob against the simulator', () => {
  let harness: AppHarness;

  afterEach(async () => {
    await harness?.close();
  });

  const job = () => harness.app.get(TopStreamsJob);
  const snapshotRows = () =>
    harness.app.get<typeof StreamSnapshotEntity>(getModelToken(StreamSnapshotEntity)).count();

  it('stores the simulator’s top N exactly once each although pages overlap', async () => {
    harness = await startApp({ STREAMS_TOP_N: '1000' }, { pageOverlap: { probability: 1, maxEntries: 3 } });
    const snapshot = await job().run('test');
    const stored = await harness.app.get(SnapshotRepository).streamsOf(snapshot.id);
    const expected = harness.simulator.liveStreams().slice(0, 1000);
    expect(snapshot.streamCount).toBe(1000);
    expect(stored.map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
    const byId = new Map(expected.map((s) => [s.id, s]));
    for (const stream of stored) {
      const truth = byId.get(stream.id)!;
      expect(stream).toMatchObject({ userLogin: truth.userLogin, viewerCount: truth.viewerCount });
    }
    // Overlap forces extra pages beyond the ten a disjoint listing needs.
    expect(harness.simulator.stats.helixRequests).toBeGreaterThan(10);
  });

  it('waits out a 429 in the middle of the listing and completes', async () => {
    harness = await startApp({ STREAMS_TOP_N: '500' }, { pageOverlap: { probability: 0, maxEntries: 0 } });
    harness.simulator.failNext({ count: 1, status: 429, pathPrefix: '/streams', skip: 2 });
    const snapshot = await job().run('test');
    expect(snapshot.streamCount).toBe(500);
    expect(harness.simulator.stats.tooManyRequests).toBe(1);
  });

  it('keeps the previous snapshot in service when a 500 exhausts the retries', async () => {
    harness = await startApp({ STREAMS_TOP_N: '300' }, { pageOverlap: { probability: 0, maxEntries: 0 } });
    const first = await job().run('first');
    harness.simulator.failNext({ count: 10, status: 500, pathPrefix: '/streams', skip: 1 });
    await expect(job().run('second')).rejects.toThrow();
    expect(harness.simulator.stats.serverErrors).toBeGreaterThanOrEqual(4);
    expect(await snapshotRows()).toBe(1);
    expect((await harness.app.get(LatestSnapshotService).current())?.id).toBe(first.id);
    expect(job().lastRunStatus).toMatchObject({ ok: false });
  });

  it('runs once when triggered twice at the same time', async () => {
    harness = await startApp({ STREAMS_TOP_N: '300' }, { pageOverlap: { probability: 0, maxEntries: 0 } });
    const before = harness.simulator.stats.helixRequests;
    const [a, b] = await Promise.all([job().run('one'), job().run('two')]);
    expect(a.id).toBe(b.id);
    expect(await snapshotRows()).toBe(1);
    expect(harness.simulator.stats.helixRequests - before).toBe(3);
  });

  it('keeps only the newest STREAMS_KEEP_SNAPSHOTS snapshots', async () => {
    harness = await startApp({ STREAMS_TOP_N: '100', STREAMS_KEEP_SNAPSHOTS: '2' });
    const ids: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      harness.clock.advance(60_000);
      ids.push((await job().run(`run ${i}`)).id);
    }
    const remaining = await harness.app
      .get<typeof StreamSnapshotEntity>(getModelToken(StreamSnapshotEntity))
      .findAll();
    expect(remaining.map((s) => s.id).sort()).toEqual(ids.slice(2).sort());
  });

  it('stops cleanly on shutdown during a run, writing no partial snapshot', async () => {
    harness = await startApp({ STREAMS_TOP_N: '1000' }, { faults: { latencyMs: 100 } });
    const before = harness.simulator.stats.helixRequests;
    const running = job().run('before shutdown');
    const outcome = running.then(
      () => 'completed',
      (error: Error) => error.name,
    );
    // In the middle of the listing: its first page answered, the next ones not yet (ten pages, 100 ms each).
    await waitFor(
      () => harness.simulator.stats.helixRequests > before + 1,
      'the second page to be asked for',
    );
    const rows = harness.app.get<typeof StreamSnapshotEntity>(getModelToken(StreamSnapshotEntity));
    harness.app.get(TopStreamsJob).onModuleDestroy();
    await harness.app.get(TopStreamsJob).beforeApplicationShutdown();
    expect(await outcome).toBe('JobStoppedError');
    expect(await rows.count()).toBe(0);
    await expect(job().run('after shutdown')).rejects.toThrow(/shutting down/);
  });
});
