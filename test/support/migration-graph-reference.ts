import { nodesOf, toEdgeRecord } from '../../src/migration/migration-graph';
import type { MigrationGraphResult, NewMigrationRecord } from '../../src/migration/migration-record';
import type { MigrationGraphQuery } from '../../src/migration/migration-repository.port';

function codePointCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The migration graph by counting raw migrations one by one: what every adapter's buckets and rollups
 * must reproduce (before a purge).
 */
export function countGraph(
  rows: readonly NewMigrationRecord[],
  query: MigrationGraphQuery,
): MigrationGraphResult {
  const inRange = rows.filter((r) => r.joinedAt >= query.since && r.joinedAt < query.until);
  const pairs = new Map<string, { from: string; to: string; count: number }>();
  const out = new Map<string, number>();
  const into = new Map<string, number>();
  for (const r of inRange) {
    const key = `${r.fromChannel}\n${r.toChannel}`;
    const pair = pairs.get(key) ?? { from: r.fromChannel, to: r.toChannel, count: 0 };
    pair.count += 1;
    pairs.set(key, pair);
    out.set(r.fromChannel, (out.get(r.fromChannel) ?? 0) + 1);
    into.set(r.toChannel, (into.get(r.toChannel) ?? 0) + 1);
  }
  const channels = query.channels ? new Set(query.channels) : null;
  const edges = [...pairs.values()]
    .filter((p) => p.count >= query.minCount && (!channels || channels.has(p.from) || channels.has(p.to)))
    .sort((a, b) => b.count - a.count || codePointCompare(a.from, b.from) || codePointCompare(a.to, b.to))
    .slice(0, query.limit)
    .map((p) => toEdgeRecord({ ...p, outOfSource: out.get(p.from)!, intoTarget: into.get(p.to)! }));
  return {
    since: query.since,
    until: query.until,
    totalMigrations: inRange.length,
    nodes: nodesOf(edges),
    edges,
  };
}
