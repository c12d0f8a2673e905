import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { StatsService } from '../../src/stats/stats.service';
import { type AppHarness, graphql, refreshTopStreams, startApp } from '../support/app-harness';

interface Figures {
  snapshot: { id: string };
  totalStreams: number;
  medianViewers: number;
  oddViewerStreams: number;
  games: Array<{ gameId: string; streamCount: number; maxViewers: number }>;
}

const FIGURES =
  'snapshot { id } totalStreams medianViewers oddViewerStreams games(limit: 5) { gameId streamCount maxViewers }';

const redisUrl = process.env.TEST_REDIS_URL;

/** Declared with Redis too, skipped under a title naming TEST_REDIS_URL when it is not set. */
function declare(name: string, env: Record<string, string> | null): void {
  const suite = env ? describe : describe.skip;
  suite(`streamStats after a new snapshot, with ${name}`, () => {
    let harness: AppHarness;

    beforeAll(async () => {
      harness = await startApp({ STREAMS_TOP_N: '300', ...env });
    });

    afterAll(async () => {
      await harness?.close();
    });

    it('answers from the new snapshot on the first request after it completes, from either source', async () => {
      const seen = new Set<string>();
      for (let round = 0; round < 4; round++) {
        // Ten minutes of the simulated world: streams start, end and change their audiences.
        harness.simulator.advanceClock(10 * 60_000);
        const snapshotId = await refreshTopStreams(harness);
        // The same MEMORY-only operation every round: the one the response cache keeps per snapshot.
        const memory = await harness.graphql<{ streamStats: Figures }>(
          `{ streamStats(source: MEMORY) { ${FIGURES} } }`,
        );
        const database = await harness.graphql<{ streamStats: Figures }>(
          `{ streamStats(source: DATABASE) { ${FIGURES} } }`,
        );
        expect(memory.errors).toBeUndefined();
        expect(database.errors).toBeUndefined();
        expect(memory.data!.streamStats.snapshot.id).toBe(snapshotId);
        expect(database.data!.streamStats.snapshot.id).toBe(snapshotId);
        // DATABASE reads the new snapshot's rows: MEMORY must agree with it, not with an older snapshot.
        expect(memory.data!.streamStats).toStrictEqual(database.data!.streamStats);
        seen.add(JSON.stringify({ ...memory.data!.streamStats, snapshot: undefined }));
      }
      // The snapshots differed, so an answer from an older one could not have passed for the new one.
      expect(seen.size).toBeGreaterThan(1);
    }, 60_000);

    it('answers a repeated MEMORY operation without running it again, only to a signed-in user', async () => {
      await refreshTopStreams(harness);
      const query = `query Figures($limit: Int) { streamStats { ${FIGURES} } more: streamStats(source: MEMORY) { games(limit: $limit) { gameId } } }`;
      const resolving = jest.spyOn(harness.app.get(StatsService), 'getStats');
      try {
        const first = await harness.graphql(query, { limit: 3 });
        expect(first.errors).toBeUndefined();
        expect(resolving).toHaveBeenCalled();
        resolving.mockClear();
        expect(await harness.graphql(query, { limit: 3 })).toStrictEqual(first);
        expect(resolving).not.toHaveBeenCalled();
        // Other variables are another answer.
        const other = await harness.graphql<{ more: { games: unknown[] } }>(query, { limit: 1 });
        expect(other.data!.more.games).toHaveLength(1);
        expect(resolving).toHaveBeenCalled();
        for (const token of [undefined, 'not.a.token']) {
          const refused = await graphql(harness.url, query, { limit: 3 }, token);
          expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
          expect(refused.data ?? null).toBeNull();
        }
      } finally {
        resolving.mockRestore();
      }
    });
  });
}

declare('the in-process cache', {});
declare(redisUrl ? 'Redis' : 'Redis (TEST_REDIS_URL not set)', redisUrl ? { REDIS_URL: redisUrl } : null);
