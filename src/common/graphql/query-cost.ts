/**
 * The cost model of GraphQL operations, estimated before execution (graphql-query-complexity) and checked
 * against GRAPHQL_MAX_COST.
 *
 * A unit is about one value resolved and sent. A field costs 1 plus what it selects; a list costs its
 * longest possible length times one item (the length comes from its `limit`/`first` argument, or from a
 * setting when no argument bounds it); a field that reads the database or computes over a snapshot adds
 * what that work costs in the same units, measured on the embedded default (SQLite, 1,000 streams). Aliases
 * are priced one by one, as if nothing were shared: the estimate stays an upper bound.
 */

/** Lengths of lists that no argument bounds: figures of this deployment's settings. */
export interface CostSizes {
  /** `monitoredChannels`: TRACKER_CHANNELS (pins and channels kept after going offline come on top). */
  monitoredChannels: number;
  /** `viewerCounts`: samples of one channel per hour of range, one per TRACKER_POLL_INTERVAL. */
  viewerSamplesPerHour: number;
}

/** What an estimator sees: graphql-query-complexity's arguments, whose `context` is the CostSizes. */
export interface CostEstimateArgs {
  args: Record<string, unknown>;
  childComplexity: number;
  context?: CostSizes;
}

export type CostEstimate = (options: CostEstimateArgs) => number;

/**
 * Work beyond the values themselves, in units: one unit is the CPU time of about one value sent (~2.5 µs
 * on the machine of docs/benchmarks.md). Measured by bench/query-cost.bench.ts on the embedded default
 * with 1,000,000 migrations over 30 days (~33,000 a day); work over migrations grows with the range asked
 * (and with the data: with denser data, lower GRAPHQL_MAX_COST).
 */
export const WORK_COST = {
  /** One indexed SQL read of a few rows (a user, a page of streams), ~1.3 ms. */
  sqlRead: 500,
  /** `streamStats(source: DATABASE)`: three aggregations over the latest snapshot, ~7 ms. */
  statsSql: 5_000,
  /** `refreshTopStreams`: fetching the top streams from Twitch and writing a snapshot, ~90 ms. */
  snapshotRefresh: 40_000,
  /** `migrationGraph`: totals and rollups read per day of range (~4 ms for a day, ~13 ms for 31). */
  graphPerDay: 130,
  /** `migrationGraph`: per edge asked and day of range (the top-k pruning over the rollups). */
  graphPerEdgeDay: 4,
  /** `channelFlows`: per day of range, the hourly edges of the busiest channel (~60 ms a day). */
  flowsPerDay: 25_000,
  /** `migrations`: counting one day of migrations for `totalCount` (~2 ms). */
  countPerDay: 700,
  /** `viewerCounts`: reading one sample, beyond its values (~1.4 KB of memory while it is answered). */
  viewerSample: 4,
} as const;

/**
 * A length argument's value, `fallback` when it is left out or null (which the resolvers treat alike), and
 * at most `max`: a value out of range is the resolver's to refuse as bad input, not a cost to price.
 */
export function argument(args: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const value = args[name];
  return Math.min(typeof value === 'number' && Number.isFinite(value) ? value : fallback, max);
}

/** A field with no list: its own unit, its work, and what it selects. */
export function fieldCost(work: number): CostEstimate {
  return ({ childComplexity }) => 1 + work + childComplexity;
}

type PerCall = (args: Record<string, unknown>, sizes: CostSizes) => number;

/**
 * A list of at most `length` items of what the field selects (at least one unit each, for lists of
 * scalars), plus `work` done once for the whole list.
 */
export function listCost(length: PerCall, work: number | PerCall = 0): CostEstimate {
  return ({ args, childComplexity, context }) => {
    const sizes = context!;
    const done = Math.ceil(typeof work === 'number' ? work : work(args, sizes));
    return 1 + done + Math.max(0, length(args, sizes)) * Math.max(1, childComplexity);
  };
}

/**
 * A list whose length is bounded by a `limit` of an enclosing field (which multiplies by it): `ratio` items
 * of it per unit of that limit, e.g. up to two nodes per edge of `migrationGraph(limit)`.
 */
export function perLimitCost(ratio: number): CostEstimate {
  return ({ childComplexity }) => 1 + ratio * Math.max(1, childComplexity);
}
