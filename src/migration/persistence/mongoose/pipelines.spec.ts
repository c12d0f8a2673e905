import { describe, expect, it } from '@jest/globals';
import { Aggregator } from 'mingo';
import type { Options } from 'mingo/types';
import type { PipelineStage } from 'mongoose';
import { groupByEdgeHour } from '../../migration-batch';
import { splitByWholeHours, toEdgeRecord } from '../../migration-graph';
import type { NewMigrationRecord, TimeRange } from '../../migration-record';
import {
  EDGE_HOURS_COLLECTION,
  type EdgeTotalsDocument,
  flowsPipeline,
  graphPipeline,
  listPipeline,
  MIGRATIONS_COLLECTION,
  viewerCountsPipeline,
} from './pipelines';
import {
  edgeCounts,
  MIGRATION_GRAPH_ANSWERS,
  MIGRATION_GRAPH_FIXTURE,
} from '../../../../test/migration/migration-graph.fixture';

// The pipelines run here on mingo, an in-memory evaluator of MongoDB's query language, over documents
// shaped as the Mongoose adapter writes them: the answers must match the SQL adapter's contract.
const DAY = Date.parse('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(DAY + minutes * 60_000);
const range = (from: number, to: number): TimeRange => ({ since: at(from), until: at(to) });
/** A range of the fixture's answers. */
const rangeOf = ({ since, until }: { since: number; until: number }) => range(since, until);
const { whole, topThree, touching, secondHour, insideAnHour, acrossHours, flowsOfA } =
  MIGRATION_GRAPH_ANSWERS;

const DATA = MIGRATION_GRAPH_FIXTURE;

function store(rows: typeof DATA) {
  const records: NewMigrationRecord[] = rows.map(([userLogin, fromChannel, toChannel, m]) => ({
    userLogin,
    fromChannel,
    toChannel,
    leftAt: at(m - 1),
    joinedAt: at(m),
    viaRaid: false,
    source: 'CHATTERS',
  }));
  return {
    [MIGRATIONS_COLLECTION]: records.map((r, i) => ({ _id: i + 1, ...r })),
    [EDGE_HOURS_COLLECTION]: groupByEdgeHour(records).map((b, i) => ({ _id: i + 1, ...b })),
  };
}

type Collections = ReturnType<typeof store>;

function evaluate(pipeline: PipelineStage[], options: Partial<Options> = {}) {
  // mingo types stages as plain objects; Mongoose's stage union is narrower but the same data.
  return new Aggregator(pipeline as unknown as Record<string, unknown>[], options);
}

function run<T>(collections: Collections, collection: keyof Collections, pipeline: PipelineStage[]): T[] {
  const aggregator = evaluate(pipeline, {
    collectionResolver: (name) => (collections[name as keyof Collections] ?? []) as Record<string, unknown>[],
  });
  return aggregator.run(collections[collection]) as T[];
}

function graph(
  collections: Collections,
  r: TimeRange,
  query: { minCount: number; limit: number; channels?: string[] },
) {
  const [result] = run<{ total: { total: number }[]; edges: EdgeTotalsDocument[] }>(
    collections,
    EDGE_HOURS_COLLECTION,
    graphPipeline(splitByWholeHours(r), query),
  );
  return { total: result.total[0]?.total ?? 0, edges: result.edges.map(toEdgeRecord) };
}

describe('Mongo aggregation pipelines (on mingo)', () => {
  const data = store(DATA);

  it('graph: count desc then pair by code point, shares over the whole range', () => {
    expect(graph(data, rangeOf(whole), { minCount: 1, limit: 200 })).toEqual({
      total: whole.total,
      edges: whole.edges,
    });
  });

  it('graph: minCount, limit and channels filter after totals', () => {
    const { minCount, limit } = topThree;
    expect(graph(data, rangeOf(whole), { minCount, limit }).edges).toEqual(topThree.edges);
    expect(graph(data, rangeOf(whole), { minCount: 5, limit: 3 })).toEqual({ total: whole.total, edges: [] });
    expect(
      graph(data, rangeOf(whole), { minCount: 1, limit: 9, channels: [...touching.channels] }).edges,
    ).toEqual(touching.edges);
    expect(graph(data, rangeOf(whole), { minCount: 1, limit: 9, channels: [] })).toEqual({
      total: whole.total,
      edges: [],
    });
  });

  it('graph: half-open whole hours from buckets, partial hours from raw documents', () => {
    const hour = graph(data, rangeOf(secondHour), { minCount: 1, limit: 9 });
    expect([hour.total, edgeCounts(hour.edges)]).toEqual([secondHour.total, secondHour.edges]);
    const inside = graph(data, rangeOf(insideAnHour), { minCount: 1, limit: 9 });
    expect([inside.total, edgeCounts(inside.edges)]).toEqual([insideAnHour.total, insideAnHour.edges]);
    const across = graph(data, rangeOf(acrossHours), { minCount: 1, limit: 9 });
    expect(across.total).toBe(acrossHours.total);
    expect(across.edges[0]).toEqual(acrossHours.first);
    expect(edgeCounts(across.edges)).toEqual(acrossHours.edges);
  });

  it('graph: buckets outlive purged raw documents', () => {
    const purged = {
      ...data,
      [MIGRATIONS_COLLECTION]: data[MIGRATIONS_COLLECTION].filter((m) => m.joinedAt >= at(120)),
    };
    expect(graph(purged, range(0, 180), { minCount: 1, limit: 1 }).total).toBe(whole.total);
    // [0:10, 1:00) is partial and its raw documents are gone; [1:00, 3:00) comes from buckets.
    expect(graph(purged, range(10, 180), { minCount: 1, limit: 9 }).total).toBe(7);
  });

  it('flows: both sides of one channel, limited, with the graph shares', () => {
    const [flows] = run<{ incoming: EdgeTotalsDocument[]; outgoing: EdgeTotalsDocument[] }>(
      data,
      EDGE_HOURS_COLLECTION,
      flowsPipeline(splitByWholeHours(rangeOf(whole)), flowsOfA.channel, 20),
    );
    expect(flows.incoming.map(toEdgeRecord)).toEqual(flowsOfA.incoming);
    expect(flows.outgoing.map(toEdgeRecord)).toEqual(flowsOfA.outgoing);
    const [limited] = run<{ incoming: EdgeTotalsDocument[]; outgoing: EdgeTotalsDocument[] }>(
      data,
      EDGE_HOURS_COLLECTION,
      flowsPipeline(splitByWholeHours(rangeOf(whole)), flowsOfA.channel, 1),
    );
    expect({ incoming: edgeCounts(limited.incoming), outgoing: edgeCounts(limited.outgoing) }).toEqual(
      flowsOfA.limitedToOne,
    );
  });

  it('list: filters, newest first, and pages by (joinedAt, _id) without gaps or duplicates', () => {
    const ties = store(
      [1, 2, 3, 4, 5].map((i) => [`t${i}`, 'x', 'y', 30] as [string, string, string, number]),
    );
    const all = {
      ...data,
      [MIGRATIONS_COLLECTION]: [
        ...data[MIGRATIONS_COLLECTION],
        ...ties[MIGRATIONS_COLLECTION].map((m) => ({ ...m, _id: m._id + 100 })),
      ],
    };
    type Doc = (typeof all)[typeof MIGRATIONS_COLLECTION][number];
    const seen: string[] = [];
    let after: { joinedAt: Date; id: unknown } | null = null;
    for (let pages = 1; ; pages++) {
      const docs: Doc[] = run<Doc>(all, MIGRATIONS_COLLECTION, listPipeline(range(0, 180), after, 4));
      seen.push(...docs.slice(0, 4).map((d) => d.userLogin));
      if (docs.length <= 4) break;
      after = { joinedAt: docs[3].joinedAt, id: docs[3]._id };
      expect(pages).toBeLessThan(10);
    }
    expect(seen).toHaveLength(19);
    expect(new Set(seen).size).toBe(19);
    expect(seen.slice(0, 3)).toEqual(['u11', 'u4', 'u14']);

    const outOfA = run<Doc>(
      all,
      MIGRATIONS_COLLECTION,
      listPipeline({ fromChannel: 'a', ...range(0, 180) }, null, 10),
    );
    expect(outOfA.map((d) => d.userLogin)).toEqual(MIGRATION_GRAPH_ANSWERS.outOfA);
    const half = run<Doc>(
      all,
      MIGRATIONS_COLLECTION,
      listPipeline({ ...range(65, 125), toChannel: 'a' }, null, 10),
    );
    expect(half.map((d) => d.userLogin)).toEqual(['u14', 'u9']);
  });

  it('viewer counts: one channel, half-open, oldest first', () => {
    const samples = [
      { channel: 'vc', at: at(2), viewers: 30, chatters: null },
      { channel: 'vc', at: at(0), viewers: 10, chatters: 4 },
      { channel: 'other', at: at(0), viewers: 99, chatters: 9 },
      { channel: 'vc', at: at(1), viewers: null, chatters: 5 },
    ].map((s, i) => ({ _id: i, ...s }));
    expect(evaluate(viewerCountsPipeline('vc', at(0), at(2))).run(samples)).toEqual([
      { channel: 'vc', at: at(0), viewers: 10, chatters: 4 },
      { channel: 'vc', at: at(1), viewers: null, chatters: 5 },
    ]);
  });
});
