import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/sequelize';
import { Op, QueryTypes, type Transaction, type WhereOptions } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import { BadUserInputError } from '../../../common/domain-error';
import type { ConnectionShape } from '../../../common/graphql/connection';
import { decodeCursor, encodeCursor, MAX_SQL_INT } from '../../../common/graphql/cursor';
import { chunks } from '../../../database/statement-chunks';
import { groupByEdgeHour, naturalKey, uniqueByNaturalKey } from '../../migration-batch';
import { nodesOf, splitByWholeHours, toEdgeRecord } from '../../migration-graph';
import type {
  ChannelFlowsResult,
  MigrationEdgeRecord,
  MigrationGraphResult,
  MigrationRecord,
  NewMigrationRecord,
  TimeRange,
  ViewerCountRecord,
} from '../../migration-record';
import {
  type ChannelFlowsQuery,
  type MigrationGraphQuery,
  type MigrationListFilter,
  MigrationRepository,
  type PageRequest,
} from '../../migration-repository.port';
import { edgesSql, type EdgeSqlOptions, incrementBucketsSql } from './edge-sql';
import {
  candidateBar,
  channelTotalsSql,
  rangeTotalSql,
  thresholdSql,
  type TopEdgesQuery,
  topEdgesSql,
} from './graph-sql';
import { busiestDays, rangeBlocks } from './range-blocks';
import { incrementRollupSql, rollupIncrements } from './rollups';
import { MigrationEdgeHourEntity } from './entities/migration-edge-hour.entity';
import { MigrationEntity } from './entities/migration.entity';
import { ViewerCountEntity } from './entities/viewer-count.entity';

/** Drivers differ: PostgreSQL returns SUM as a string, MariaDB as a DECIMAL string. */
type SqlNumber = number | string | bigint;

interface EdgeRow {
  from_channel: string;
  to_channel: string;
  migrations: SqlNumber;
  out_of_source: SqlNumber;
  into_target: SqlNumber;
}

function toMigrationRecord(entity: MigrationEntity): MigrationRecord {
  return {
    id: String(entity.id),
    userLogin: entity.userLogin,
    fromChannel: entity.fromChannel,
    toChannel: entity.toChannel,
    leftAt: entity.leftAt,
    joinedAt: entity.joinedAt,
    viaRaid: Boolean(entity.viaRaid),
    source: entity.source,
  };
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

/**
 * Migrations in SQL: raw rows for listings and partial hours, hourly buckets and daily rollups for graph
 * queries.
 */
@Injectable()
export class SequelizeMigrationRepository extends MigrationRepository {
  private readonly logger = new Logger(SequelizeMigrationRepository.name);

  constructor(
    @InjectConnection() private readonly sequelize: Sequelize,
    @InjectModel(MigrationEntity) private readonly migrations: typeof MigrationEntity,
    @InjectModel(MigrationEdgeHourEntity) private readonly edgeHours: typeof MigrationEdgeHourEntity,
    @InjectModel(ViewerCountEntity) private readonly viewerCountRows: typeof ViewerCountEntity,
  ) {
    super();
  }

  readonly store = 'SQL' as const;

  async ping(): Promise<void> {
    await this.sequelize.authenticate();
  }

  async saveBatch(batch: readonly NewMigrationRecord[]): Promise<MigrationRecord[]> {
    const unique = uniqueByNaturalKey(batch);
    if (unique.length === 0) return [];
    // Rows and bucket increments commit together, so a bucket never counts a migration that is not stored.
    return this.sequelize.transaction(async (transaction) => {
      const stored = new Set((await this.findByNaturalKeys(unique, transaction)).map(naturalKey));
      const fresh = unique.filter((m) => !stored.has(naturalKey(m)));
      if (fresh.length < batch.length) {
        this.logger.debug(`Skipped ${batch.length - fresh.length} migrations already stored or repeated`);
      }
      if (fresh.length === 0) return [];
      for (const chunk of chunks(fresh)) {
        await this.migrations.bulkCreate(
          chunk.map((m) => ({ ...m })),
          { transaction, validate: false },
        );
      }
      const dialect = this.sequelize.getDialect();
      for (const chunk of chunks(groupByEdgeHour(fresh))) {
        const { sql, replacements } = incrementBucketsSql(dialect, chunk);
        await this.sequelize.query(sql, { replacements, transaction });
      }
      for (const [rollup, rows] of rollupIncrements(fresh)) {
        for (const chunk of chunks(rows)) {
          const { sql, replacements } = incrementRollupSql(dialect, rollup, chunk);
          await this.sequelize.query(sql, { replacements, transaction });
        }
      }
      return this.readBack(fresh, transaction);
    });
  }

  /**
   * The rows just inserted, with their ids, in input order. Read back by natural key rather than trusting
   * the driver's ids: MySQL/MariaDB report only the first id of a multi-row INSERT (the rest depend on
   * `innodb_autoinc_lock_mode` and `auto_increment_increment`). The keys were absent before the insert
   * and are unique, so each one finds exactly the row this transaction wrote.
   */
  private async readBack(
    fresh: readonly NewMigrationRecord[],
    transaction: Transaction,
  ): Promise<MigrationRecord[]> {
    const byKey = new Map<string, MigrationEntity>();
    for (const row of await this.findByNaturalKeys(fresh, transaction, true)) byKey.set(naturalKey(row), row);
    return fresh.map((m) => {
      const row = byKey.get(naturalKey(m));
      if (!row) throw new Error(`Migration ${naturalKey(m).replaceAll('\n', ' ')} not found after insert`);
      return toMigrationRecord(row);
    });
  }

  /**
   * Stored rows sharing a user and the joinedAt span with the batch (looked up through the natural-key
   * index): a superset of the batch's stored natural keys. Only the key columns unless `wholeRows`.
   */
  private async findByNaturalKeys(
    batch: readonly NewMigrationRecord[],
    transaction: Transaction,
    wholeRows = false,
  ): Promise<MigrationEntity[]> {
    const times = batch.map((m) => m.joinedAt.getTime());
    // reduce, not Math.min(...times): a large round would overflow the argument list.
    const joinedAt = {
      [Op.gte]: new Date(times.reduce((a, b) => Math.min(a, b))),
      [Op.lte]: new Date(times.reduce((a, b) => Math.max(a, b))),
    };
    const rows: MigrationEntity[] = [];
    for (const logins of chunks([...new Set(batch.map((m) => m.userLogin))])) {
      const found = await this.migrations.findAll({
        attributes: wholeRows ? undefined : ['userLogin', 'fromChannel', 'toChannel', 'joinedAt'],
        where: { userLogin: { [Op.in]: logins }, joinedAt },
        transaction,
      });
      for (const row of found) rows.push(row);
    }
    return rows;
  }

  async saveViewerCounts(points: readonly ViewerCountRecord[]): Promise<void> {
    for (const chunk of chunks(points)) {
      await this.viewerCountRows.bulkCreate(
        chunk.map((p) => ({ ...p })),
        { validate: false },
      );
    }
  }

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

  async list(filter: MigrationListFilter, page: PageRequest): Promise<ConnectionShape<MigrationRecord>> {
    const scope: WhereOptions[] = [{ joinedAt: { [Op.gte]: filter.since, [Op.lt]: filter.until } }];
    if (filter.fromChannel !== undefined) scope.push({ fromChannel: filter.fromChannel });
    if (filter.toChannel !== undefined) scope.push({ toChannel: filter.toChannel });
    if (filter.userLogin !== undefined) scope.push({ userLogin: filter.userLogin });
    const after = page.after === undefined ? [] : [this.afterCursor(page.after)];
    const [totalCount, rows] = await Promise.all([
      this.migrations.count({ where: { [Op.and]: scope } }),
      this.migrations.findAll({
        where: { [Op.and]: [...scope, ...after] },
        order: [
          ['joinedAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit: page.first + 1,
      }),
    ]);
    const edges = rows.slice(0, page.first).map((row) => ({
      cursor: encodeCursor([row.joinedAt.getTime(), String(row.id)]),
      node: toMigrationRecord(row),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  private afterCursor(cursor: string): WhereOptions {
    const [time, id] = decodeCursor(cursor, ['time', 'key']) as [number, string];
    if (!/^[0-9]{1,10}$/.test(id) || Number(id) > MAX_SQL_INT)
      throw new BadUserInputError('Invalid cursor: pass an endCursor returned by this query');
    const joinedAt = new Date(time);
    return {
      [Op.or]: [{ joinedAt: { [Op.lt]: joinedAt } }, { joinedAt, id: { [Op.lt]: Number(id) } }],
    };
  }

  async viewerCounts(channel: string, since: Date, until: Date): Promise<ViewerCountRecord[]> {
    const rows = await this.viewerCountRows.findAll({
      where: { channel, at: { [Op.gte]: since, [Op.lt]: until } },
      order: [
        ['at', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    return rows.map((row) => ({
      channel: row.channel,
      at: row.at,
      viewers: row.viewers,
      chatters: row.chatters,
    }));
  }

  async purgeOlderThan(before: Date): Promise<number> {
    return this.migrations.destroy({ where: { joinedAt: { [Op.lt]: before } } });
  }
}
