import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NewMigrationRecord } from '../../src/migration/migration-record';
import { MigrationRepository } from '../../src/migration/migration-repository.port';
import { type AppHarness, graphql, startApp } from '../support/app-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Edge {
  from: string;
  to: string;
  count: number;
  shareOfSourceLeavers: number;
  shareOfTargetJoiners: number;
}

interface Graph {
  since: string;
  until: string;
  totalMigrations: number;
  nodes: { channel: string; outgoing: number; incoming: number }[];
  edges: Edge[];
}

interface MigrationPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: {
    cursor: string;
    node: {
      id: string;
      userLogin: string;
      fromChannel: string;
      toChannel: string;
      viaRaid: boolean;
      source: string;
    };
  }[];
}

const EDGE_FIELDS = 'from to count shareOfSourceLeavers shareOfTargetJoiners';
const GRAPH_QUERY = `query ($since: DateTime, $until: DateTime, $minCount: Int, $limit: Int, $channels: [String!]) {
  migrationGraph(since: $since, until: $until, minCount: $minCount, limit: $limit, channels: $channels) {
    since until totalMigrations nodes { channel outgoing incoming } edges { ${EDGE_FIELDS} }
  }
}`;
const LIST_QUERY = `query ($from: String, $to: String, $user: String, $first: Int, $after: String) {
  migrations(fromChannel: $from, toChannel: $to, userLogin: $user, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id userLogin fromChannel toChannel leftAt joinedAt viaRaid source } }
  }
}`;

const counts = (edges: Edge[]) => edges.map((e) => `${e.from}>${e.to}:${e.count}`);

describe('Migration queries over HTTP', () => {
  let harness: AppHarness;
  const now = Date.now();
  const ago = (minutes: number) => new Date(now - minutes * MINUTE);

  /** [user, from, to, minutes before now]: 11 migrations in the last 24 h, one 25 h ago. */
  const seeded: [string, string, string, number][] = [
    ['viewer1', 'alpha', 'bravo', 10],
    ['viewer2', 'alpha', 'bravo', 20],
    ['viewer3', 'alpha', 'bravo', 30],
    ['viewer4', 'alpha', 'bravo', 40],
    ['viewer5', 'alpha', 'charlie', 50],
    ['viewer6', 'alpha', 'charlie', 60],
    ['viewer7', 'bravo', 'charlie', 70],
    ['viewer8', 'charlie', 'alpha', 80],
    ['viewer9', 'charlie', 'alpha', 90],
    ['viewer10', 'charlie', 'alpha', 100],
    ['viewer11', 'delta', 'alpha', 110],
    ['viewer12', 'alpha', 'bravo', 25 * 60],
  ];

  beforeAll(async () => {
    harness = await startApp();
    const repository = harness.app.get(MigrationRepository);
    await repository.saveBatch(
      seeded.map(([userLogin, fromChannel, toChannel, minutes]): NewMigrationRecord => ({
        userLogin,
        fromChannel,
        toChannel,
        leftAt: ago(minutes + 1),
        joinedAt: ago(minutes),
        viaRaid: fromChannel === 'delta',
        source: fromChannel === 'delta' ? 'ACTIVITY' : 'CHATTERS',
      })),
    );
    await repository.saveViewerCounts([
      { channel: 'alpha', at: ago(30 * 60), viewers: 1, chatters: 1 },
      { channel: 'alpha', at: ago(180), viewers: 1200, chatters: 300 },
      { channel: 'alpha', at: ago(120), viewers: 1100, chatters: null },
      { channel: 'alpha', at: ago(60), viewers: null, chatters: 250 },
      { channel: 'bravo', at: ago(60), viewers: 50, chatters: 10 },
    ]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  describe('migrationGraph', () => {
    it('covers the last 24 hours by default, edges by count desc then from, with shares over all migrations', async () => {
      const result = await harness.graphql<{ migrationGraph: Graph }>(GRAPH_QUERY);
      expect(result.errors).toBeUndefined();
      const graph = result.data!.migrationGraph;
      const until = Date.parse(graph.until);
      expect(Math.abs(until - Date.now())).toBeLessThan(30_000);
      expect(until - Date.parse(graph.since)).toBe(24 * HOUR);
      expect(graph.totalMigrations).toBe(11);
      expect(counts(graph.edges)).toEqual([
        'alpha>bravo:4',
        'charlie>alpha:3',
        'alpha>charlie:2',
        'bravo>charlie:1',
        'delta>alpha:1',
      ]);
      expect(graph.edges[0]).toMatchObject({ shareOfSourceLeavers: 4 / 6, shareOfTargetJoiners: 1 });
      expect(graph.edges[1]).toMatchObject({ shareOfSourceLeavers: 1, shareOfTargetJoiners: 3 / 4 });
      expect(graph.edges[2]).toMatchObject({ shareOfSourceLeavers: 2 / 6, shareOfTargetJoiners: 2 / 3 });
      expect(graph.nodes).toEqual([
        { channel: 'alpha', outgoing: 6, incoming: 4 },
        { channel: 'charlie', outgoing: 3, incoming: 3 },
        { channel: 'bravo', outgoing: 1, incoming: 4 },
        { channel: 'delta', outgoing: 1, incoming: 0 },
      ]);
    });

    it('applies minCount and limit after counting, keeping totals and shares', async () => {
      const minCount = await harness.graphql<{ migrationGraph: Graph }>(GRAPH_QUERY, { minCount: 2 });
      expect(counts(minCount.data!.migrationGraph.edges)).toEqual([
        'alpha>bravo:4',
        'charlie>alpha:3',
        'alpha>charlie:2',
      ]);
      expect(minCount.data!.migrationGraph.totalMigrations).toBe(11);
      const limited = await harness.graphql<{ migrationGraph: Graph }>(GRAPH_QUERY, { limit: 2 });
      const graph = limited.data!.migrationGraph;
      expect(counts(graph.edges)).toEqual(['alpha>bravo:4', 'charlie>alpha:3']);
      expect(graph.edges[1].shareOfTargetJoiners).toBe(3 / 4);
      expect(graph.nodes).toEqual([
        { channel: 'alpha', outgoing: 4, incoming: 3 },
        { channel: 'bravo', outgoing: 0, incoming: 4 },
        { channel: 'charlie', outgoing: 3, incoming: 0 },
      ]);
    });

    it('filters by channels given in any case', async () => {
      const result = await harness.graphql<{ migrationGraph: Graph }>(GRAPH_QUERY, {
        channels: ['DELTA', ' Bravo'],
      });
      expect(counts(result.data!.migrationGraph.edges)).toEqual([
        'alpha>bravo:4',
        'bravo>charlie:1',
        'delta>alpha:1',
      ]);
    });

    it('counts an explicit range', async () => {
      const result = await harness.graphql<{ migrationGraph: Graph }>(GRAPH_QUERY, {
        since: ago(26 * 60).toISOString(),
        until: ago(0).toISOString(),
      });
      expect(result.data!.migrationGraph.totalMigrations).toBe(12);
      expect(counts(result.data!.migrationGraph.edges)[0]).toBe('alpha>bravo:5');
    });
  });

  it('answers channelFlows for a channel in any case', async () => {
    const result = await harness.graphql<{
      channelFlows: { channel: string; incoming: Edge[]; outgoing: Edge[] };
    }>(
      `{ channelFlows(channel: "ALPHA") { channel incoming { ${EDGE_FIELDS} } outgoing { ${EDGE_FIELDS} } } }`,
    );
    expect(result.errors).toBeUndefined();
    const flows = result.data!.channelFlows;
    expect(flows.channel).toBe('alpha');
    expect(counts(flows.incoming)).toEqual(['charlie>alpha:3', 'delta>alpha:1']);
    expect(counts(flows.outgoing)).toEqual(['alpha>bravo:4', 'alpha>charlie:2']);
    expect(flows.incoming[1]).toMatchObject({ shareOfSourceLeavers: 1, shareOfTargetJoiners: 1 / 4 });
    const limited = await harness.graphql<{ channelFlows: { incoming: Edge[]; outgoing: Edge[] } }>(
      '{ channelFlows(channel: "alpha", limit: 1) { incoming { from } outgoing { to } } }',
    );
    expect(limited.data!.channelFlows).toEqual({
      incoming: [{ from: 'charlie' }],
      outgoing: [{ to: 'bravo' }],
    });
  });

  describe('migrations', () => {
    it('pages newest first with cursors', async () => {
      const logins: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const result: { data?: { migrations: MigrationPage } | null } = await harness.graphql<{
          migrations: MigrationPage;
        }>(LIST_QUERY, { first: 4, after });
        const page: MigrationPage = result.data!.migrations;
        expect(page.totalCount).toBe(11);
        logins.push(...page.edges.map((edge) => edge.node.userLogin));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages += 1;
      } while (after);
      expect(pages).toBe(3);
      expect(logins).toEqual(seeded.slice(0, 11).map(([user]) => user));
    });

    it('filters by logins given in any case and serves every field', async () => {
      const from = await harness.graphql<{ migrations: MigrationPage }>(LIST_QUERY, { from: 'ALPHA' });
      expect(from.data!.migrations.totalCount).toBe(6);
      const user = await harness.graphql<{ migrations: MigrationPage }>(LIST_QUERY, {
        to: 'Alpha',
        user: 'VIEWER11',
      });
      expect(user.data!.migrations.totalCount).toBe(1);
      expect(user.data!.migrations.edges[0].node).toMatchObject({
        userLogin: 'viewer11',
        fromChannel: 'delta',
        toChannel: 'alpha',
        viaRaid: true,
        source: 'ACTIVITY',
        joinedAt: ago(110).toISOString(),
        leftAt: ago(111).toISOString(),
      });
    });
  });

  it('answers viewerCounts oldest first within the range', async () => {
    const result = await harness.graphql<{ viewerCounts: unknown[] }>(
      '{ viewerCounts(channel: "Alpha") { at viewers chatters } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.viewerCounts).toEqual([
      { at: ago(180).toISOString(), viewers: 1200, chatters: 300 },
      { at: ago(120).toISOString(), viewers: 1100, chatters: null },
      { at: ago(60).toISOString(), viewers: null, chatters: 250 },
    ]);
  });

  it.each([
    ['{ migrationGraph(limit: 0) { totalMigrations } }'],
    ['{ migrationGraph(limit: 1001) { totalMigrations } }'],
    ['{ migrationGraph(minCount: 0) { totalMigrations } }'],
    ['{ migrationGraph(channels: ["no spaces"]) { totalMigrations } }'],
    ['{ migrationGraph(since: "2026-01-02T00:00:00Z", until: "2026-01-01T00:00:00Z") { totalMigrations } }'],
    ['{ migrationGraph(since: "2026-01-01T00:00:00Z", until: "2026-01-01T00:00:00Z") { totalMigrations } }'],
    ['{ migrationGraph(since: "2025-01-01T00:00:00Z", until: "2026-01-01T00:00:00Z") { totalMigrations } }'],
    ['{ channelFlows(channel: "alpha", limit: 201) { channel } }'],
    ['{ channelFlows(channel: "bad-name") { channel } }'],
    ['{ migrations(first: 0) { totalCount } }'],
    ['{ migrations(first: 101) { totalCount } }'],
    ['{ migrations(after: "garbage") { totalCount } }'],
    ['{ migrations(userLogin: "abcdefghijklmnopqrstuvwxyz") { totalCount } }'],
    ['{ viewerCounts(channel: "two words") { at } }'],
  ])('rejects %s with BAD_USER_INPUT', async (query) => {
    const result = await harness.graphql(query);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.data ?? null).toBeNull();
  });

  it('rejects more than 100 channels with BAD_USER_INPUT', async () => {
    const channels = Array.from({ length: 101 }, (_, i) => `c${i}`);
    const result = await harness.graphql(GRAPH_QUERY, { channels });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('requires a token', async () => {
    const result = await graphql(harness.url, '{ migrationGraph { totalMigrations } }');
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
