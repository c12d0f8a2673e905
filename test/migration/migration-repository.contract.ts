import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BadUserInputError } from '../../src/common/domain-error';
import { encodeCursor } from '../../src/common/graphql/cursor';
import type { NewMigrationRecord } from '../../src/migration/migration-record';
import type { MigrationListFilter, MigrationRepository } from '../../src/migration/migration-repository.port';
import {
  edgeCounts,
  fixtureEdge,
  MIGRATION_GRAPH_ANSWERS,
  MIGRATION_GRAPH_FIXTURE,
} from './migration-graph.fixture';

export interface RepositoryUnderTest {
  repository: MigrationRepository;
  close(): Promise<void>;
}

const MINUTE = 60_000;

// Each scenario lives on its own day, so that one repository serves the whole suite without crosstalk.
// The purge day is the earliest: purging it must leave every later day alone.
const PURGE_DAY = Date.parse('2026-02-01T10:00:00Z');
const GRAPH_DAY = Date.parse('2026-03-01T10:00:00Z');
const TIES_DAY = Date.parse('2026-03-02T10:00:00Z');
const RETRY_DAY = Date.parse('2026-03-03T10:00:00Z');
const BULK_DAY = Date.parse('2026-03-04T10:00:00Z');
const RETURN_DAY = Date.parse('2026-03-05T10:00:00Z');

const at = (day: number, minutes: number) => new Date(day + minutes * MINUTE);

function migration(user: string, from: string, to: string, joinedAt: Date): NewMigrationRecord {
  return {
    userLogin: user,
    fromChannel: from,
    toChannel: to,
    leftAt: new Date(joinedAt.getTime() - 30_000),
    joinedAt,
    viaRaid: from === 'd',
    source: 'CHATTERS',
  };
}

const graphRange = (from: number, to: number) => ({ since: at(GRAPH_DAY, from), until: at(GRAPH_DAY, to) });
/** A range of the fixture's answers on the graph's day. */
const range = ({ since, until }: { since: number; until: number }) => graphRange(since, until);

/** The same inputs and answers for every adapter of the MigrationRepository port. */
export function describeMigrationRepositoryContract(
  name: string,
  factory: () => Promise<RepositoryUnderTest>,
): void {
  describe(`MigrationRepository contract: ${name}`, () => {
    let subject: RepositoryUnderTest;
    let repository: MigrationRepository;

    beforeAll(async () => {
      subject = await factory();
      repository = subject.repository;
      // Two flushes, one out of order, as tracker rounds would arrive.
      const rows = MIGRATION_GRAPH_FIXTURE.map(([u, from, to, m]) =>
        migration(u, from, to, at(GRAPH_DAY, m)),
      );
      await repository.saveBatch(rows.slice(7));
      await repository.saveBatch(rows.slice(0, 7));
    });

    afterAll(async () => {
      await subject?.close();
    });

    describe('graph', () => {
      const { whole, topThree, touching, secondHour, thirdHour, insideAnHour, acrossHours } =
        MIGRATION_GRAPH_ANSWERS;

      it('orders edges by count desc, then from and to by code point, with shares over the whole range', async () => {
        const graph = await repository.graph({ ...graphRange(0, 180), minCount: 1, limit: 200 });
        expect(graph.totalMigrations).toBe(whole.total);
        expect(graph.since).toEqual(at(GRAPH_DAY, 0));
        expect(graph.until).toEqual(at(GRAPH_DAY, 180));
        expect(graph.edges).toEqual(whole.edges);
      });

      it('applies minCount and limit after totals and shares, and derives nodes from the returned edges', async () => {
        const { minCount, limit } = topThree;
        const graph = await repository.graph({ ...graphRange(0, 180), minCount, limit });
        expect(graph.totalMigrations).toBe(whole.total);
        expect(graph.edges).toEqual(topThree.edges);
        expect(graph.nodes).toEqual(topThree.nodes);
      });

      it('returns no edges above the largest count, yet the total', async () => {
        const graph = await repository.graph({ ...graphRange(0, 180), minCount: 5, limit: 10 });
        expect(graph).toMatchObject({ totalMigrations: whole.total, edges: [], nodes: [] });
      });

      it('keeps edges touching any of the channels, shares still over all migrations', async () => {
        const graph = await repository.graph({
          ...graphRange(0, 180),
          minCount: 1,
          limit: 10,
          channels: [...touching.channels],
        });
        expect(graph.edges).toEqual(touching.edges);
        expect(graph.totalMigrations).toBe(whole.total);
        const none = await repository.graph({ ...graphRange(0, 180), minCount: 1, limit: 10, channels: [] });
        expect(none).toMatchObject({ totalMigrations: whole.total, edges: [] });
      });

      it('treats ranges as half-open on joinedAt, on whole hours', async () => {
        const first = await repository.graph({ ...range(secondHour), minCount: 1, limit: 10 });
        expect(edgeCounts(first.edges)).toEqual(secondHour.edges);
        expect(first.totalMigrations).toBe(secondHour.total);
        const second = await repository.graph({ ...range(thirdHour), minCount: 1, limit: 10 });
        expect(edgeCounts(second.edges)).toEqual(thirdHour.edges);
      });

      it('counts partial hours from raw migrations, within one hour too', async () => {
        const inside = await repository.graph({ ...range(insideAnHour), minCount: 1, limit: 10 });
        expect(edgeCounts(inside.edges)).toEqual(insideAnHour.edges);
        expect(inside.totalMigrations).toBe(insideAnHour.total);
        const across = await repository.graph({ ...range(acrossHours), minCount: 1, limit: 10 });
        expect(across.totalMigrations).toBe(acrossHours.total);
        expect(across.edges[0]).toEqual(acrossHours.first);
        expect(edgeCounts(across.edges)).toEqual(acrossHours.edges);
      });

      it('is empty for an empty or inverted range', async () => {
        for (const range of [graphRange(60, 60), graphRange(120, 60)]) {
          const graph = await repository.graph({ ...range, minCount: 1, limit: 10 });
          expect(graph).toMatchObject({ totalMigrations: 0, edges: [], nodes: [] });
        }
      });
    });

    describe('flows', () => {
      const { flowsOfA } = MIGRATION_GRAPH_ANSWERS;

      it('lists the incoming and outgoing edges of one channel with the graph shares', async () => {
        const flows = await repository.flows(flowsOfA.channel, { ...graphRange(0, 180), limit: 20 });
        expect(flows).toEqual({
          channel: flowsOfA.channel,
          incoming: flowsOfA.incoming,
          outgoing: flowsOfA.outgoing,
        });
      });

      it('limits each side and answers empty for an unknown channel', async () => {
        const limited = await repository.flows(flowsOfA.channel, { ...graphRange(0, 180), limit: 1 });
        expect(edgeCounts(limited.incoming)).toEqual(flowsOfA.limitedToOne.incoming);
        expect(edgeCounts(limited.outgoing)).toEqual(flowsOfA.limitedToOne.outgoing);
        const partial = await repository.flows('c', {
          ...range(MIGRATION_GRAPH_ANSWERS.acrossHours),
          limit: 10,
        });
        expect(edgeCounts(partial.incoming)).toEqual(['a>c:2', 'b>c:2', 'a_c>c:1', 'ab>c:1']);
        expect(await repository.flows('zzz', { ...graphRange(0, 180), limit: 5 })).toEqual({
          channel: 'zzz',
          incoming: [],
          outgoing: [],
        });
      });
    });

    describe('list', () => {
      async function walk(filter: MigrationListFilter, first: number) {
        const users: string[] = [];
        const times: number[] = [];
        const totals = new Set<number>();
        let after: string | undefined;
        for (let pages = 0; pages < 50; pages++) {
          const page = await repository.list(filter, { first, after });
          totals.add(page.totalCount);
          expect(page.edges.length).toBeLessThanOrEqual(first);
          for (const { node } of page.edges) {
            users.push(node.userLogin);
            times.push(node.joinedAt.getTime());
          }
          if (!page.pageInfo.hasNextPage) return { users, times, totals: [...totals], pages: pages + 1 };
          after = page.pageInfo.endCursor ?? undefined;
        }
        throw new Error('pagination did not end');
      }

      it('filters by channels and user, newest first, and pages without gaps or duplicates', async () => {
        const outOfA = await walk({ fromChannel: 'a', ...graphRange(0, 180) }, 2);
        expect(outOfA).toEqual({
          users: MIGRATION_GRAPH_ANSWERS.outOfA,
          times: [125, 70, 65, 20, 15, 5].map((m) => at(GRAPH_DAY, m).getTime()),
          totals: [6],
          pages: 3,
        });
        expect((await walk({ fromChannel: 'a', toChannel: 'c', ...graphRange(0, 180) }, 10)).users).toEqual([
          'u6',
          'u5',
        ]);
        expect((await walk({ userLogin: 'u9', ...graphRange(0, 180) }, 10)).users).toEqual(['u9']);
      });

      it('returns whole records', async () => {
        const page = await repository.list({ userLogin: 'u10', ...graphRange(0, 180) }, { first: 5 });
        expect(page.edges).toHaveLength(1);
        expect(page.edges[0].node).toEqual({
          id: expect.any(String),
          ...migration('u10', 'd', 'a', at(GRAPH_DAY, 40)),
        });
        expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges[0].cursor });
      });

      it('treats the range as half-open', async () => {
        expect((await walk(graphRange(65, 125), 10)).users).toEqual(['u14', 'u9', 'u8', 'u6', 'u3']);
      });

      it('breaks joinedAt ties by id across pages', async () => {
        const same = at(TIES_DAY, 0);
        await repository.saveBatch(['t1', 't2', 't3', 't4', 't5'].map((u) => migration(u, 'x', 'y', same)));
        const walked = await walk({ since: same, until: at(TIES_DAY, 1) }, 2);
        expect(walked.totals).toEqual([5]);
        expect(walked.pages).toBe(3);
        expect([...walked.users].sort()).toEqual(['t1', 't2', 't3', 't4', 't5']);
      });

      it('rejects a cursor it did not issue', async () => {
        for (const after of ['garbage', encodeCursor([1]), encodeCursor([1, 'not-an-id'])]) {
          await expect(repository.list(graphRange(0, 180), { first: 2, after })).rejects.toBeInstanceOf(
            BadUserInputError,
          );
        }
      });
    });

    describe('saveBatch', () => {
      it('is idempotent on the natural key, for the rows and the aggregates', async () => {
        const [m1, m2, m3] = ['r1', 'r2', 'r3'].map((u, i) => migration(u, 'e', 'f', at(RETRY_DAY, 10 + i)));
        await repository.saveBatch([m1, m2, m1]);
        await repository.saveBatch([m1, m2]);
        await repository.saveBatch([m2, m3]);
        // Same user and pair at another time is another migration.
        await repository.saveBatch([{ ...m1, joinedAt: at(RETRY_DAY, 70) }]);
        const range = { since: at(RETRY_DAY, 0), until: at(RETRY_DAY, 120) };
        expect((await repository.list(range, { first: 10 })).totalCount).toBe(4);
        const graph = await repository.graph({ ...range, minCount: 1, limit: 10 });
        expect(edgeCounts(graph.edges)).toEqual(['e>f:4']);
        const partial = await repository.graph({
          ...range,
          since: at(RETRY_DAY, 11),
          minCount: 1,
          limit: 10,
        });
        expect(edgeCounts(partial.edges)).toEqual(['e>f:3']);
      });

      it('returns what it stored, with the ids listings show, in input order', async () => {
        const [m1, m2, m3] = ['s1', 's2', 's3'].map((u, i) => migration(u, 'k', 'l', at(RETURN_DAY, 10 + i)));
        const stored = await repository.saveBatch([m2, m1, m3]);
        expect(stored).toEqual([m2, m1, m3].map((m) => ({ id: expect.any(String), ...m })));
        expect(new Set(stored.map((m) => m.id)).size).toBe(3);
        const listed = await repository.list(
          { since: at(RETURN_DAY, 0), until: at(RETURN_DAY, 60) },
          { first: 10 },
        );
        // Newest first: s3, s2, s1 = stored[2], stored[0], stored[1].
        expect(listed.edges.map((e) => e.node)).toEqual([stored[2], stored[0], stored[1]]);
      });

      it('returns neither a migration already stored nor a repeat within the batch', async () => {
        const [m1, m2, m3, m4] = ['d1', 'd2', 'd3', 'd4'].map((u, i) =>
          migration(u, 'k', 'l', at(RETURN_DAY, 100 + i)),
        );
        const first = await repository.saveBatch([m1, m2, m1]);
        expect(first.map(({ id: _, ...m }) => m)).toEqual([m1, m2]);
        const second = await repository.saveBatch([m2, m3, m1, m4, m3]);
        expect(second.map(({ id: _, ...m }) => m)).toEqual([m3, m4]);
        expect(await repository.saveBatch([m1, m2, m3, m4])).toEqual([]);
        expect(await repository.saveBatch([])).toEqual([]);
        const listed = await repository.list(
          { since: at(RETURN_DAY, 100), until: at(RETURN_DAY, 110) },
          { first: 10 },
        );
        expect(listed.edges.map((e) => e.node.id).sort()).toEqual(
          [...first, ...second].map((m) => m.id).sort(),
        );
      });

      it('writes a large round in one call', async () => {
        const channels = ['p', 'q', 'r', 's'];
        const batch = Array.from({ length: 1200 }, (_, i) =>
          migration(`bulk${i}`, channels[i % 4], channels[(i + 1) % 4], at(BULK_DAY, i % 180)),
        );
        const stored = await repository.saveBatch(batch);
        expect(stored.map((m) => m.userLogin)).toEqual(batch.map((m) => m.userLogin));
        expect(new Set(stored.map((m) => m.id)).size).toBe(1200);
        expect(await repository.saveBatch(batch.slice(100, 700))).toEqual([]);
        const graph = await repository.graph({
          since: at(BULK_DAY, 0),
          until: at(BULK_DAY, 180),
          minCount: 1,
          limit: 10,
        });
        expect(graph.totalMigrations).toBe(1200);
        expect(edgeCounts(graph.edges)).toEqual(['p>q:300', 'q>r:300', 'r>s:300', 's>p:300']);
      });
    });

    describe('retention', () => {
      it('purges raw migrations before a date and keeps the hourly aggregates', async () => {
        const data: [string, number][] = [
          ['p1', 10],
          ['p2', 20],
          ['p3', 90],
          ['p4', 130],
        ];
        await repository.saveBatch(data.map(([u, m]) => migration(u, 'g', 'h', at(PURGE_DAY, m))));
        const whole = { since: at(PURGE_DAY, 0), until: at(PURGE_DAY, 180), minCount: 1, limit: 5 };
        const partial = { ...whole, since: at(PURGE_DAY, 15) };
        expect(edgeCounts((await repository.graph(partial)).edges)).toEqual(['g>h:3']);

        expect(await repository.purgeOlderThan(at(PURGE_DAY, 120))).toBe(3);

        const listed = await repository.list(whole, { first: 10 });
        expect(listed.edges.map((e) => e.node.userLogin)).toEqual(['p4']);
        expect(listed.totalCount).toBe(1);
        // Whole hours come from the buckets, which outlive the raw rows; partial hours only from raw rows.
        expect(await repository.graph(whole)).toMatchObject({
          totalMigrations: 4,
          edges: [fixtureEdge('g', 'h', 4, 4, 4)],
        });
        expect(edgeCounts((await repository.graph(partial)).edges)).toEqual(['g>h:2']);
        // Later days are untouched.
        expect(
          (await repository.graph({ ...graphRange(0, 180), minCount: 1, limit: 1 })).totalMigrations,
        ).toBe(14);
        expect((await repository.list(graphRange(0, 180), { first: 1 })).totalCount).toBe(14);
      });
    });

    describe('viewer counts', () => {
      it('returns the samples of one channel in a half-open range, oldest first', async () => {
        await repository.saveViewerCounts([
          { channel: 'vc', at: at(GRAPH_DAY, 2), viewers: 30, chatters: null },
          { channel: 'vc', at: at(GRAPH_DAY, 0), viewers: 10, chatters: 4 },
          { channel: 'other', at: at(GRAPH_DAY, 0), viewers: 99, chatters: 9 },
          { channel: 'vc', at: at(GRAPH_DAY, 1), viewers: null, chatters: 5 },
        ]);
        expect(await repository.viewerCounts('vc', at(GRAPH_DAY, 0), at(GRAPH_DAY, 2))).toEqual([
          { channel: 'vc', at: at(GRAPH_DAY, 0), viewers: 10, chatters: 4 },
          { channel: 'vc', at: at(GRAPH_DAY, 1), viewers: null, chatters: 5 },
        ]);
        expect(await repository.viewerCounts('vc', at(GRAPH_DAY, 2), at(GRAPH_DAY, 3))).toHaveLength(1);
        expect(await repository.viewerCounts('none', at(GRAPH_DAY, 0), at(GRAPH_DAY, 3))).toEqual([]);
      });
    });
  });
}
