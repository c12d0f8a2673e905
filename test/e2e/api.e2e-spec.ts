import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LiveStream } from '../../src/simulator/world-model';
import { type AppHarness, type GraphqlResponse, startApp } from '../support/app-harness';
import { waitFor } from '../support/wait-for';

const TOP_N = 400;
const STATS_FIELDS = `
  source totalStreams medianViewers oddViewerStreams evenViewerStreams duplicateViewerStreams
  snapshot { id streamCount }
  duplicateGroups(limit: 1000) { viewerCount streams { id userLogin viewerCount } }
  games(limit: 1000, order: DESC) { gameId gameName streamCount maxViewers totalViewers }
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe('GraphQL API over HTTP with the simulator', () => {
  let harness: AppHarness;
  let truth: readonly LiveStream[];

  beforeAll(async () => {
    harness = await startApp(
      { STREAMS_TOP_N: String(TOP_N) },
      { pageOverlap: { probability: 0.5, maxEntries: 3 } },
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('answers NOT_READY, not zeros, before the first snapshot', async () => {
    const stats = await harness.graphql('{ streamStats { totalStreams } }');
    expect(stats.errors?.[0].extensions?.code).toBe('NOT_READY');
    expect(stats.data).toBeNull();
    const top = await harness.graphql('{ topStreams { id } }');
    expect(top.errors?.[0].extensions?.code).toBe('NOT_READY');
  });

  it('refreshes the top streams through the mutation', async () => {
    const result = await harness.graphql<{ refreshTopStreams: { id: string; streamCount: number } }>(
      'mutation { refreshTopStreams { id takenAt streamCount } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.refreshTopStreams.streamCount).toBe(TOP_N);
    truth = harness.simulator.liveStreams().slice(0, TOP_N);
  });

  it('serves topStreams as the simulator lists them, in both orders', async () => {
    const desc = await harness.graphql<{ topStreams: { userLogin: string; viewerCount: number }[] }>(
      '{ topStreams(limit: 25) { userLogin viewerCount } }',
    );
    const expected = truth.slice(0, 25).map((s) => s.viewerCount);
    expect(desc.data?.topStreams.map((s) => s.viewerCount)).toEqual(expected);
    expect(new Set(desc.data?.topStreams.map((s) => s.userLogin))).toEqual(
      new Set(
        truth
          .filter((s) => s.viewerCount >= expected[24])
          .slice(0, 25)
          .map((s) => s.userLogin),
      ),
    );
    const asc = await harness.graphql<{ topStreams: { viewerCount: number }[] }>(
      '{ topStreams(limit: 25, order: ASC) { viewerCount } }',
    );
    expect(asc.data?.topStreams.map((s) => s.viewerCount)).toEqual([...expected].reverse());
  });

  it.each([
    ['{ topStreams(limit: 101) { id } }'],
    ['{ topStreams(limit: 0) { id } }'],
    ['{ streams(first: 0) { totalCount } }'],
    ['{ streams(after: "garbage") { totalCount } }'],
    ['{ streamStats { games(limit: 0) { gameId } } }'],
  ])('rejects %s with BAD_USER_INPUT', async (query) => {
    const result = await harness.graphql(query);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('computes identical statistics in memory and in the database, matching the simulator', async () => {
    const memory = await harness.graphql<{ streamStats: Record<string, unknown> }>(
      `{ streamStats(source: MEMORY) { ${STATS_FIELDS} } }`,
    );
    const database = await harness.graphql<{ streamStats: Record<string, unknown> }>(
      `{ streamStats(source: DATABASE) { ${STATS_FIELDS} } }`,
    );
    expect(memory.errors).toBeUndefined();
    expect(database.errors).toBeUndefined();
    const { source: memorySource, ...memoryFigures } = memory.data!.streamStats;
    const { source: databaseSource, ...databaseFigures } = database.data!.streamStats;
    expect([memorySource, databaseSource]).toEqual(['MEMORY', 'DATABASE']);
    expect(memoryFigures).toEqual(databaseFigures);
    const counts = truth.map((s) => s.viewerCount);
    expect(memoryFigures).toMatchObject({
      totalStreams: TOP_N,
      medianViewers: median(counts),
      oddViewerStreams: counts.filter((c) => c % 2 === 1).length,
      evenViewerStreams: counts.filter((c) => c % 2 === 0).length,
    });
  });

  it('pages through filtered streams with cursors, covering each match once', async () => {
    const seen: { id: string; viewerCount: number }[] = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const page: GraphqlResponse<{ streams: Record<string, never> }> = await harness.graphql(
        `query($after: String) { streams(parity: ODD, first: 37, after: $after) {
           totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id viewerCount } } } }`,
        { after },
      );
      const connection = page.data!.streams as unknown as {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { id: string; viewerCount: number } }[];
      };
      totalCount = connection.totalCount;
      seen.push(...connection.edges.map((e) => e.node));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    const odd = truth.filter((s) => s.viewerCount % 2 === 1);
    expect(totalCount).toBe(odd.length);
    expect(seen.map((s) => s.id).sort()).toEqual(odd.map((s) => s.id).sort());
    expect(seen.every((s, i) => i === 0 || seen[i - 1].viewerCount >= s.viewerCount)).toBe(true);
  });

  it('filters by game and by exact viewer count', async () => {
    const game = truth[0].gameId;
    const byGame = await harness.graphql<{ streams: { totalCount: number } }>(
      `{ streams(gameId: "${game}", first: 1) { totalCount } }`,
    );
    expect(byGame.data?.streams.totalCount).toBe(truth.filter((s) => s.gameId === game).length);
    const count = truth[truth.length - 1].viewerCount;
    const byCount = await harness.graphql<{ streams: { totalCount: number } }>(
      `{ streams(viewerCount: ${count}, first: 1) { totalCount } }`,
    );
    expect(byCount.data?.streams.totalCount).toBe(truth.filter((s) => s.viewerCount === count).length);
  });

  it('reports health', async () => {
    const response = await fetch(`${harness.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      sql: { ok: true, dialect: 'sqlite' },
      migrationStore: { store: 'SQL', ok: true },
      chat: { inUse: false },
    });
  });
});

describe('start-up run', () => {
  it('fetches the first snapshot on its own when the service starts', async () => {
    const harness = await startApp({ STREAMS_TOP_N: '200', STREAMS_REFRESH_ON_START: 'true' });
    try {
      const stats = await waitFor(
        async () =>
          (
            await harness.graphql<{ streamStats: { totalStreams: number } }>(
              '{ streamStats { totalStreams } }',
            )
          ).data,
        'the first snapshot',
        { timeoutMs: 15_000 },
      );
      expect(stats.streamStats.totalStreams).toBe(200);
    } finally {
      await harness.close();
    }
  });
});

describe('configuration at boot', () => {
  it.each([
    ['STREAMS_TOP_N', 'lots'],
    ['STREAMS_REFRESH_CRON', 'every quarter hour'],
    ['DATABASE_URL', 'oracle://db'],
    ['PORT', '99999'],
  ])('refuses to start with %s=%s, naming the setting', async (setting, value) => {
    await expect(startApp({ [setting]: value })).rejects.toThrow(`Invalid setting ${setting}`);
  });
});
