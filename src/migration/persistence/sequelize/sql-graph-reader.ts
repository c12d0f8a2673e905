import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { nodesOf, splitByWholeHours, toEdgeRecord } from '../../migration-graph';
import type {
  ChannelFlowsResult,
  MigrationEdgeRecord,
  MigrationGraphResult,
  TimeRange,
} from '../../migration-record';
import type { ChannelFlowsQuery, MigrationGraphQuery } from '../../migration-repository.port';
import { edgesSql, type EdgeSqlOptions } from './edge-sql';
import {
  candidateBar,
  channelTotalsSql,
  rangeTotalSql,
  thresholdSql,
  type TopEdgesQuery,
  topEdgesSql,
} from './graph-sql';
import { busiestDays, rangeBlocks } from './range-blocks';

/** Drivers differ: PostgreSQL returns SUM as a string, MariaDB as a DECIMAL string. */
type SqlNumber = number | string | bigint;

interface EdgeRow {
  from_channel: string;
  to_channel: string;
  migrations: SqlNumber;
  out_of_source: SqlNumber;
  into_target: SqlNumber;
}

function toEdge(row: EdgeRow): MigrationEdgeRecord {
  return toEdgeRecord({
    from: row.from_channel,
    to: row.to_channel,
    count: Number(row.migrations),
    outOfSource: Number(row.out_of_source),
    intoTarget: Number(row.into_target),
  });
}

/** `graph` by one aggregation of every pair of the range: the filters apply after the shares. */
function classicGraphOptions(query: MigrationGraphQuery): EdgeSqlOptions {
  const replacements: EdgeSqlOptions['replacements'] = { minCount: query.minCount };
  let where = 'migrations >= :minCount';
  if (query.channels) {
    replacements.channels = [...query.channels];
    where += ' AND (from_channel IN (:channels) OR to_channel IN (:channels))';
  }
  return { where, replacements, limit: query.limit };
}

/** Graph and flow queries over the hourly buckets, the daily rollups and the raw partial hours. */
export class SqlGraphReader {
  constructor(private readonly sequelize: Sequelize) {}

  /** Exact, without counting every pair of the range: see `graph-sql.ts` for how the top edges are pruned. */
  async graph(query: MigrationGraphQuery): Promise<MigrationGraphResult> {
    const range = { since: query.since, until: query.until };
    const blocks = rangeBlocks(range);
    if (!blocks) return { ...range, totalMigrations: 0, nodes: [], edges: [] };
    if (query.channels?.length === 0)
      return { ...range, totalMigrations: await this.total(range), nodes: [], edges: [] };
    const top: TopEdgesQuery = {
      blocks,
      minCount: query.minCount,
      limit: query.limit,
      channels: query.channels,
      seedDays: busiestDays(range, blocks.days, 3),
    };
    const dialect = this.sequelize.getDialect();
    const select = async <T extends object>(
      statement: { sql: string; replacements: Record<string, unknown> },
      transaction?: Transaction,
    ) =>
      this.sequelize.query<T>(statement.sql, {
        replacements: statement.replacements,
        type: QueryTypes.SELECT,
        transaction,
      });
    const topEdges = async (transaction?: Transaction): Promise<MigrationEdgeRecord[]> => {
      const [seed] = await select<{ migrations: SqlNumber }>(thresholdSql(dialect, top), transaction);
      const bar = candidateBar(top, seed ? Number(seed.migrations) : 0);
      if (bar <= 2) return this.edges(range, classicGraphOptions(query), transaction);
      const pairs = await select<Omit<EdgeRow, 'out_of_source' | 'into_target'>>(
        topEdgesSql(dialect, top, bar),
        transaction,
      );
      if (pairs.length === 0) return [];
      const ends = [...new Set(pairs.flatMap((p) => [p.from_channel, p.to_channel]))];
      const totals = new Map<string, { outgoing: SqlNumber; incoming: SqlNumber }>();
      for (const row of await select<{ channel: string; outgoing: SqlNumber; incoming: SqlNumber }>(
        channelTotalsSql(blocks, ends),
        transaction,
      )) {
        totals.set(row.channel, row);
      }
      return pairs.map((p) =>
        toEdge({
          ...p,
          out_of_source: totals.get(p.from_channel)!.outgoing,
          into_target: totals.get(p.to_channel)!.incoming,
        }),
      );
    };
    // These statements read a few thousand index entries, yet PostgreSQL's estimates for the per-pair
    // subqueries reach its JIT threshold: compiling them cost more than running them (+57 ms of 110 ms on
    // 10M migrations), and so did starting parallel workers. Both are turned off for these statements only.
    const topEdgesRead =
      dialect === 'postgres'
        ? this.sequelize.transaction(async (transaction) => {
            await this.sequelize.query('SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0', {
              transaction,
            });
            return topEdges(transaction);
          })
        : topEdges();
    const [totalMigrations, edges] = await Promise.all([this.total(range), topEdgesRead]);
    return { ...range, totalMigrations, nodes: nodesOf(edges), edges };
  }

  async flows(channel: string, query: ChannelFlowsQuery): Promise<ChannelFlowsResult> {
    const edges = await this.edges(query, {
      where: '(from_channel = :channel OR to_channel = :channel)',
      replacements: { channel },
    });
    // A channel has at most one edge per other channel each way, so slicing here stays small.
    return {
      channel,
      incoming: edges.filter((e) => e.to === channel).slice(0, query.limit),
      outgoing: edges.filter((e) => e.from === channel).slice(0, query.limit),
    };
  }

  /** Every pair of the range counted in one aggregation over the hourly buckets and the raw partial hours. */
  private async edges(
    range: TimeRange,
    options: EdgeSqlOptions,
    transaction?: Transaction,
  ): Promise<MigrationEdgeRecord[]> {
    const split = splitByWholeHours(range);
    if (!split.wholeHours && split.partial.length === 0) return [];
    const { sql, replacements } = edgesSql(this.sequelize.getDialect(), split, options);
    const rows = await this.sequelize.query<EdgeRow>(sql, {
      replacements,
      type: QueryTypes.SELECT,
      transaction,
    });
    return rows.map(toEdge);
  }

  private async total(range: TimeRange): Promise<number> {
    const blocks = rangeBlocks(range);
    if (!blocks) return 0;
    const { sql, replacements } = rangeTotalSql(blocks);
    const [row] = await this.sequelize.query<{ total: SqlNumber }>(sql, {
      replacements,
      type: QueryTypes.SELECT,
    });
    return Number(row.total);
  }
}
