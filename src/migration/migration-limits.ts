/** Bounds of the migration queries: the GraphQL args enforce them, the cost estimates price them. */
export const MIGRATION_LIMITS = {
  graphEdges: { default: 200, max: 1000 },
  flowEdges: { default: 20, max: 200 },
  pageSize: { default: 50, max: 100 },
  channelsFilter: { max: 100 },
  /** Longest range a query may span; the default is the last 24 hours. */
  rangeMs: { default: 24 * 3_600_000, max: 31 * 24 * 3_600_000 },
} as const;
