import type { MigrationEdgeRecord, MigrationNodeRecord, TimeRange } from './migration-record';

const HOUR_MS = 3_600_000;

/** Start of the UTC hour holding `at`: the key of the hourly edge buckets. */
export function hourStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** A range cut where the hourly buckets can answer (`wholeHours`) and where only raw rows can (`partial`). */
export interface RangeSplit {
  wholeHours: TimeRange | null;
  partial: TimeRange[];
}

export function splitByWholeHours({ since, until }: TimeRange): RangeSplit {
  const start = since.getTime();
  const end = until.getTime();
  if (end <= start) return { wholeHours: null, partial: [] };
  const firstWhole = Math.ceil(start / HOUR_MS) * HOUR_MS;
  const endWhole = Math.floor(end / HOUR_MS) * HOUR_MS;
  if (firstWhole >= endWhole) return { wholeHours: null, partial: [{ since, until }] };
  const partial: TimeRange[] = [];
  if (start < firstWhole) partial.push({ since, until: new Date(firstWhole) });
  if (endWhole < end) partial.push({ since: new Date(endWhole), until });
  return { wholeHours: { since: new Date(firstWhole), until: new Date(endWhole) }, partial };
}

/** An aggregated pair with the totals of its endpoints over the whole range, as both adapters compute it. */
export interface EdgeTotals {
  from: string;
  to: string;
  count: number;
  outOfSource: number;
  intoTarget: number;
}

// Shares are divided here, not in the stores, so that every adapter yields the very same floats.
export function toEdgeRecord(edge: EdgeTotals): MigrationEdgeRecord {
  return {
    from: edge.from,
    to: edge.to,
    count: edge.count,
    shareOfSourceLeavers: edge.count / edge.outOfSource,
    shareOfTargetJoiners: edge.count / edge.intoTarget,
  };
}

/** Nodes of the returned edges, busiest first (outgoing + incoming desc), then by login. */
export function nodesOf(edges: readonly MigrationEdgeRecord[]): MigrationNodeRecord[] {
  const nodes = new Map<string, MigrationNodeRecord>();
  const node = (channel: string) => {
    let found = nodes.get(channel);
    if (!found) nodes.set(channel, (found = { channel, outgoing: 0, incoming: 0 }));
    return found;
  };
  for (const edge of edges) {
    node(edge.from).outgoing += edge.count;
    node(edge.to).incoming += edge.count;
  }
  return [...nodes.values()].sort(
    (a, b) =>
      b.outgoing + b.incoming - (a.outgoing + a.incoming) ||
      (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0),
  );
}
