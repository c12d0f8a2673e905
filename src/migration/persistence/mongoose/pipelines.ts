import type { PipelineStage } from 'mongoose';
import type { RangeSplit } from '../../migration-graph';
import type { MigrationListFilter } from '../../migration-repository.port';

/** Collection names, shared by the schemas and the `$unionWith` stage. */
export const MIGRATIONS_COLLECTION = 'migrations';
export const EDGE_HOURS_COLLECTION = 'migration_edge_hours';
export const VIEWER_COUNTS_COLLECTION = 'viewer_counts';

type Stage = PipelineStage;

/** What `edgeTotalsStages` yields per (from, to): its count and the totals of its endpoints in the range. */
export interface EdgeTotalsDocument {
  from: string;
  to: string;
  count: number;
  outOfSource: number;
  intoTarget: number;
}

const BY_COUNT_THEN_PAIR: PipelineStage.Sort = { $sort: { count: -1, from: 1, to: 1 } };

/**
 * Stages run on the edge-hour collection: bucket counts of the whole hours, plus one per raw migration of
 * the partial hours (`$unionWith`), summed per pair, with the endpoint totals as window sums over all pairs.
 */
export function edgeTotalsStages(split: RangeSplit): Stage[] {
  const whole = split.wholeHours;
  const stages: Stage[] = [
    // An empty `$in` keeps the pipeline on one collection when the range has no whole hour.
    { $match: whole ? { hour: { $gte: whole.since, $lt: whole.until } } : { hour: { $in: [] } } },
    { $project: { _id: 0, from: 1, to: 1, n: '$count' } },
  ];
  if (split.partial.length > 0) {
    stages.push({
      $unionWith: {
        coll: MIGRATIONS_COLLECTION,
        pipeline: [
          { $match: { $or: split.partial.map((r) => ({ joinedAt: { $gte: r.since, $lt: r.until } })) } },
          { $project: { _id: 0, from: '$fromChannel', to: '$toChannel', n: { $literal: 1 } } },
        ],
      },
    });
  }
  stages.push(
    { $group: { _id: { from: '$from', to: '$to' }, count: { $sum: '$n' } } },
    { $setWindowFields: { partitionBy: '$_id.from', output: { outOfSource: { $sum: '$count' } } } },
    { $setWindowFields: { partitionBy: '$_id.to', output: { intoTarget: { $sum: '$count' } } } },
    { $project: { _id: 0, from: '$_id.from', to: '$_id.to', count: 1, outOfSource: 1, intoTarget: 1 } },
  );
  return stages;
}

/** One document `{ total: [{ total }] | [], edges: EdgeTotalsDocument[] }`; `limit` must be positive. */
export function graphPipeline(
  split: RangeSplit,
  query: { minCount: number; limit: number; channels?: readonly string[] },
): Stage[] {
  const keep: Record<string, unknown> = { count: { $gte: query.minCount } };
  if (query.channels) {
    keep.$or = [{ from: { $in: [...query.channels] } }, { to: { $in: [...query.channels] } }];
  }
  return [
    ...edgeTotalsStages(split),
    {
      $facet: {
        total: [{ $group: { _id: null, total: { $sum: '$count' } } }],
        edges: [{ $match: keep }, BY_COUNT_THEN_PAIR, { $limit: query.limit }],
      },
    },
  ];
}

/** One document `{ incoming: EdgeTotalsDocument[], outgoing: EdgeTotalsDocument[] }`. */
export function flowsPipeline(split: RangeSplit, channel: string, limit: number): Stage[] {
  return [
    ...edgeTotalsStages(split),
    { $match: { $or: [{ from: channel }, { to: channel }] } },
    {
      $facet: {
        incoming: [{ $match: { to: channel } }, BY_COUNT_THEN_PAIR, { $limit: limit }],
        outgoing: [{ $match: { from: channel } }, BY_COUNT_THEN_PAIR, { $limit: limit }],
      },
    },
  ];
}

/** The listing's filter on the migrations collection, also used for `totalCount`. */
export function listFilter(filter: MigrationListFilter): Record<string, unknown> {
  const match: Record<string, unknown> = { joinedAt: { $gte: filter.since, $lt: filter.until } };
  if (filter.fromChannel !== undefined) match.fromChannel = filter.fromChannel;
  if (filter.toChannel !== undefined) match.toChannel = filter.toChannel;
  if (filter.userLogin !== undefined) match.userLogin = filter.userLogin;
  return match;
}

/** One page plus one row to tell whether another follows; newest first, ties by `_id` desc. */
export function listPipeline(
  filter: MigrationListFilter,
  after: { joinedAt: Date; id: unknown } | null,
  first: number,
): Stage[] {
  const match = after
    ? {
        $and: [
          listFilter(filter),
          {
            $or: [
              { joinedAt: { $lt: after.joinedAt } },
              { joinedAt: after.joinedAt, _id: { $lt: after.id } },
            ],
          },
        ],
      }
    : listFilter(filter);
  return [{ $match: match }, { $sort: { joinedAt: -1, _id: -1 } }, { $limit: first + 1 }];
}

/** Samples of one channel in [since, until), oldest first. */
export function viewerCountsPipeline(channel: string, since: Date, until: Date): Stage[] {
  return [
    { $match: { channel, at: { $gte: since, $lt: until } } },
    { $sort: { at: 1 } },
    { $project: { _id: 0, channel: 1, at: 1, viewers: 1, chatters: 1 } },
  ];
}
