import type { ConnectionShape } from '../common/graphql/connection';
import type {
  ChannelFlowsResult,
  MigrationGraphResult,
  MigrationRecord,
  NewMigrationRecord,
  TimeRange,
  ViewerCountRecord,
} from './migration-record';

// The adapters name every type of the contract through this module (`import type * as port`).
export type {
  ChannelFlowsResult,
  MigrationGraphResult,
  MigrationRecord,
  NewMigrationRecord,
  ViewerCountRecord,
} from './migration-record';

export interface MigrationGraphQuery extends TimeRange {
  /** Edges with fewer migrations than this are left out (they still count in totals and shares). */
  minCount: number;
  /** At most this many edges (positive), the largest first. */
  limit: number;
  /** When given, only edges whose `from` or `to` is one of these logins; an empty list keeps none. */
  channels?: readonly string[];
}

export interface ChannelFlowsQuery extends TimeRange {
  /** At most this many incoming and this many outgoing edges (positive). */
  limit: number;
}

export interface MigrationListFilter extends TimeRange {
  fromChannel?: string;
  toChannel?: string;
  userLogin?: string;
}

export interface PageRequest {
  first: number;
  /** An `endCursor` of a previous page of the same listing. */
  after?: string;
}

/**
 * Storage of migrations and viewer counts. Semantics every adapter must honour (checked by the shared
 * contract suite in test/migration):
 *
 * - Logins are lower-case; callers normalise input. Every range is half-open, `since ≤ t < until`, on
 *   `joinedAt` for migrations and on `at` for viewer counts. An empty or inverted range yields nothing.
 * - Migrations are also counted in hourly edge buckets (from, to, UTC hour of `joinedAt`). Graph and flow
 *   queries read the buckets for the whole hours inside the range and the raw migrations for the partial
 *   hours at its ends, so their answers equal counting raw migrations — until `purgeOlderThan` removes
 *   raw rows: buckets are kept, so whole hours still count purged migrations, partial hours no longer do.
 * - Edge counts, `totalMigrations` and both shares are over all migrations in the range, before `minCount`,
 *   `limit` and the channel filter. Edges are ordered by count desc, then `from`, then `to` (code points).
 */
export abstract class MigrationRepository {
  /** Which store this adapter writes to, for /health. */
  abstract readonly store: 'SQL' | 'MONGODB';

  /** Resolves when the store answers a trivial request; rejects with its error otherwise. */
  abstract ping(): Promise<void>;

  /**
   * Stores one tracker round in one bulk write. Idempotent on (userLogin, fromChannel, toChannel,
   * joinedAt): a migration already stored, or repeated in the batch, is skipped and not counted again.
   * Returns the migrations this call stored, with their ids, in input order (what subscribers are told).
   */
  abstract saveBatch(migrations: readonly NewMigrationRecord[]): Promise<MigrationRecord[]>;

  /** Appends samples; not deduplicated (the poller writes each sample once). */
  abstract saveViewerCounts(points: readonly ViewerCountRecord[]): Promise<void>;

  /** Nodes carry the outgoing/incoming sums over the returned edges only. */
  abstract graph(query: MigrationGraphQuery): Promise<MigrationGraphResult>;

  /** Edges into (`incoming`) and out of (`outgoing`) one channel, ordered and shared as in `graph`. */
  abstract flows(channel: string, query: ChannelFlowsQuery): Promise<ChannelFlowsResult>;

  /**
   * Raw migrations matching every given filter, newest `joinedAt` first, ties by id desc. `totalCount`
   * ignores the cursor. Throws `BadUserInputError` for a cursor this listing did not issue.
   */
  abstract list(filter: MigrationListFilter, page: PageRequest): Promise<ConnectionShape<MigrationRecord>>;

  /** Samples of one channel in the range, oldest first. */
  abstract viewerCounts(channel: string, since: Date, until: Date): Promise<ViewerCountRecord[]>;

  /** Deletes raw migrations with `joinedAt < before` (retention); hourly buckets are kept. Returns the count. */
  abstract purgeOlderThan(before: Date): Promise<number>;
}
