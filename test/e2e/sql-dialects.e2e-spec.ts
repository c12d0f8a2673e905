import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { LiveStream } from '../../src/simulator/world-model';
import { type AppHarness, refreshTopStreams, startApp } from '../support/app-harness';
import { describeSqlServers } from '../support/sql-suites';
import { createScratchDatabase } from '../support/sql-test-database';

const STATS = `{ streamStats(source: $source) { totalStreams medianViewers oddViewerStreams evenViewerStreams
  duplicateViewerStreams duplicateGroups(limit: 1000) { viewerCount streams { id } }
  games(limit: 1000) { gameId gameName streamCount maxViewers totalViewers } } }`;

/** The whole service on each server dialect: migrations at start-up, the job's snapshot, listings, stats. */
describeSqlServers('the service', (target) => {
  let harness: AppHarness;
  let drop: () => Promise<void>;
  let truth: readonly LiveStream[];

  beforeAll(async () => {
    const scratch = await createScratchDatabase(target);
    drop = scratch.drop;
    harness = await startApp({ DATABASE_URL: scratch.url, STREAMS_TOP_N: '300' });
    await refreshTopStreams(harness);
    truth = harness.simulator.liveStreams().slice(0, 300);
  });

  afterAll(async () => {
    await harness?.close();
    await drop?.();
  });

  it('lists the top streams and pages through odd ones', async () => {
    const top = await harness.graphql<{ topStreams: { viewerCount: number }[] }>(
      '{ topStreams(limit: 10, order: ASC) { viewerCount } }',
    );
    expect(top.data?.topStreams.map((s) => s.viewerCount)).toEqual(
      truth
        .slice(0, 10)
        .map((s) => s.viewerCount)
        .reverse(),
    );
    const odd = await harness.graphql<{ streams: { totalCount: number } }>(
      '{ streams(parity: ODD, first: 5) { totalCount } }',
    );
    expect(odd.data?.streams.totalCount).toBe(truth.filter((s) => s.viewerCount % 2 === 1).length);
  });

  it('computes the same statistics in memory and in SQL', async () => {
    const query = `query($source: StatsSource) ${STATS}`;
    const memory = await harness.graphql<{ streamStats: unknown }>(query, { source: 'MEMORY' });
    const database = await harness.graphql<{ streamStats: unknown }>(query, { source: 'DATABASE' });
    expect(memory.errors).toBeUndefined();
    expect(database.data?.streamStats).toEqual(memory.data?.streamStats);
  });

  it('stores logged-in users', async () => {
    const me = await harness.graphql<{ me: { login: string } }>('{ me { login } }');
    expect(me.data?.me.login).toBe('simadmin');
  });
});
