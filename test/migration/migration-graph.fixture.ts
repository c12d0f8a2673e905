import type { MigrationEdgeRecord } from '../../src/migration/migration-record';

/**
 * Shared by the adapters' contract and the mingo pipeline tests: (user, from, to, minutes after 10:00).
 * `a_c` and `ab` sort differently by code point than by locale.
 */
export const MIGRATION_GRAPH_FIXTURE: readonly (readonly [
  user: string,
  from: string,
  to: string,
  minute: number,
])[] = [
  ['u1', 'a', 'b', 5],
  ['u2', 'a', 'b', 15],
  ['u3', 'a', 'b', 65],
  ['u4', 'a', 'b', 125],
  ['u5', 'a', 'c', 20],
  ['u6', 'a', 'c', 70],
  ['u7', 'b', 'c', 30],
  ['u8', 'b', 'c', 90],
  ['u9', 'c', 'a', 100],
  ['u10', 'd', 'a', 40],
  ['u11', 'd', 'a', 140],
  ['u12', 'ab', 'c', 50],
  ['u13', 'a_c', 'c', 55],
  ['u14', 'b', 'a', 120],
];

/** An edge as every adapter answers it: shares over all migrations out of `from` and into `to` in the range. */
export function fixtureEdge(
  from: string,
  to: string,
  count: number,
  outOfFrom: number,
  intoTo: number,
): MigrationEdgeRecord {
  return { from, to, count, shareOfSourceLeavers: count / outOfFrom, shareOfTargetJoiners: count / intoTo };
}

/** Edges as `from>to:count`, the short form of the tables below. */
export const edgeCounts = (edges: readonly { from: string; to: string; count: number }[]): string[] =>
  edges.map((edge) => `${edge.from}>${edge.to}:${edge.count}`);

/**
 * What the fixture's graph is, for the adapters' contract and the mingo pipeline tests alike; ranges are
 * minutes after 10:00, half-open on joinedAt.
 */
export const MIGRATION_GRAPH_ANSWERS = {
  /** [0, 180): count desc, then from and to by code point, with shares over the whole range. */
  whole: {
    since: 0,
    until: 180,
    total: 14,
    edges: [
      fixtureEdge('a', 'b', 4, 6, 4),
      fixtureEdge('a', 'c', 2, 6, 6),
      fixtureEdge('b', 'c', 2, 3, 6),
      fixtureEdge('d', 'a', 2, 2, 4),
      fixtureEdge('a_c', 'c', 1, 1, 6),
      fixtureEdge('ab', 'c', 1, 1, 6),
      fixtureEdge('b', 'a', 1, 3, 4),
      fixtureEdge('c', 'a', 1, 1, 4),
    ],
  },
  /** The whole range with minCount 2 and limit 3: filtered after the totals and shares. */
  topThree: {
    minCount: 2,
    limit: 3,
    edges: [fixtureEdge('a', 'b', 4, 6, 4), fixtureEdge('a', 'c', 2, 6, 6), fixtureEdge('b', 'c', 2, 3, 6)],
    nodes: [
      { channel: 'a', outgoing: 6, incoming: 0 },
      { channel: 'b', outgoing: 2, incoming: 4 },
      { channel: 'c', outgoing: 0, incoming: 4 },
    ],
  },
  /** The whole range, edges touching any of `channels`. */
  touching: {
    channels: ['d', 'ab'],
    edges: [fixtureEdge('d', 'a', 2, 2, 4), fixtureEdge('ab', 'c', 1, 1, 6)],
  },
  /** Whole hours, from the hourly buckets. */
  secondHour: { since: 60, until: 120, total: 4, edges: ['a>b:1', 'a>c:1', 'b>c:1', 'c>a:1'] },
  thirdHour: { since: 120, until: 180, edges: ['a>b:1', 'b>a:1', 'd>a:1'] },
  /** A part of one hour, from raw migrations. */
  insideAnHour: { since: 15, until: 50, total: 4, edges: ['a>b:1', 'a>c:1', 'b>c:1', 'd>a:1'] },
  /** Partial hours at both ends around whole ones. */
  acrossHours: {
    since: 10,
    until: 150,
    total: 13,
    first: fixtureEdge('a', 'b', 3, 5, 3),
    edges: ['a>b:3', 'a>c:2', 'b>c:2', 'd>a:2', 'a_c>c:1', 'ab>c:1', 'b>a:1', 'c>a:1'],
  },
  /** Both sides of channel `a` over the whole range, and each limited to one edge. */
  flowsOfA: {
    channel: 'a',
    incoming: [
      fixtureEdge('d', 'a', 2, 2, 4),
      fixtureEdge('b', 'a', 1, 3, 4),
      fixtureEdge('c', 'a', 1, 1, 4),
    ],
    outgoing: [fixtureEdge('a', 'b', 4, 6, 4), fixtureEdge('a', 'c', 2, 6, 6)],
    limitedToOne: { incoming: ['d>a:2'], outgoing: ['a>b:4'] },
  },
  /** The migrations out of `a` over the whole range, newest first. */
  outOfA: ['u4', 'u6', 'u3', 'u5', 'u2', 'u1'],
} as const;
