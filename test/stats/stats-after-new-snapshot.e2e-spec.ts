import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AppHarness, refreshTopStreams, startApp } from '../support/app-harness';

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
        const { data, errors } = await harness.graphql<{ memory: Figures; database: Figures }>(
          `{ memory: streamStats(source: MEMORY) { ${FIGURES} } database: streamStats(source: DATABASE) { ${FIGURES} } }`,
        );
        expect(errors).toBeUndefined();
        expect(data!.memory.snapshot.id).toBe(snapshotId);
        expect(data!.database.snapshot.id).toBe(snapshotId);
        // DATABASE reads the new snapshot's rows: MEMORY must agree with it, not with an older snapshot.
        expect(data!.memory).toStrictEqual(data!.database);
        seen.add(JSON.stringify({ ...data!.memory, snapshot: undefined }));
      }
      // The snapshots differed, so an answer from an older one could not have passed for the new one.
      expect(seen.size).toBeGreaterThan(1);
    }, 60_000);
  });
}

declare('the in-process cache', {});
declare(redisUrl ? 'Redis' : 'Redis (TEST_REDIS_URL not set)', redisUrl ? { REDIS_URL: redisUrl } : null);
