import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/sequelize';
import { Op, type WhereOptions } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import { type ConnectionShape, connectionPage } from '../../../common/graphql/connection';
import { decodeCursor, encodeCursor } from '../../../common/graphql/cursor';
import { chunks } from '../../../database/statement-chunks';
import type * as port from '../../migration-repository.port';
import { MigrationRepository } from '../../migration-repository.port';
import { MigrationEntity } from './entities/migration.entity';
import { ViewerCountEntity } from './entities/viewer-count.entity';
import { toMigrationRecord } from './migration-row.mapper';
import { SqlGraphReader } from './sql-graph-reader';
import { SqlMigrationWriter } from './sql-migration-writer';

/**
 * Migrations in SQL: raw rows for listings and partial hours, hourly buckets and daily rollups for graph
 * queries. Writing a round and reading the graph are the writer's and the reader's.
 */
@Injectable()
export class SequelizeMigrationRepository extends MigrationRepository {
  private readonly writer: SqlMigrationWriter;
  private readonly reader: SqlGraphReader;

  constructor(
    @InjectConnection() private readonly sequelize: Sequelize,
    @InjectModel(MigrationEntity) private readonly migrations: typeof MigrationEntity,
    @InjectModel(ViewerCountEntity) private readonly viewerCountRows: typeof ViewerCountEntity,
  ) {
    super();
    this.writer = new SqlMigrationWriter(sequelize, migrations);
    this.reader = new SqlGraphReader(sequelize);
  }

  readonly store = 'SQL' as const;

  async ping(): Promise<void> {
    await this.sequelize.authenticate();
  }

  saveBatch(batch: readonly port.NewMigrationRecord[]): Promise<port.MigrationRecord[]> {
    return this.writer.saveBatch(batch);
  }

  async saveViewerCounts(points: readonly port.ViewerCountRecord[]): Promise<void> {
    for (const chunk of chunks(points)) {
      await this.viewerCountRows.bulkCreate(
        chunk.map((p) => ({ ...p })),
        { validate: false },
      );
    }
  }

  graph(query: port.MigrationGraphQuery): Promise<port.MigrationGraphResult> {
    return this.reader.graph(query);
  }

  flows(channel: string, query: port.ChannelFlowsQuery): Promise<port.ChannelFlowsResult> {
    return this.reader.flows(channel, query);
  }

  async list(
    filter: port.MigrationListFilter,
    page: port.PageRequest,
  ): Promise<ConnectionShape<port.MigrationRecord>> {
    const scope: WhereOptions[] = [{ joinedAt: { [Op.gte]: filter.since, [Op.lt]: filter.until } }];
    if (filter.fromChannel !== undefined) scope.push({ fromChannel: filter.fromChannel });
    if (filter.toChannel !== undefined) scope.push({ toChannel: filter.toChannel });
    if (filter.userLogin !== undefined) scope.push({ userLogin: filter.userLogin });
    const after = page.after === undefined ? [] : [afterCursor(page.after)];
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
    return connectionPage(rows, page.first, totalCount, (row) => ({
      cursor: encodeCursor([row.joinedAt.getTime(), String(row.id)]),
      node: toMigrationRecord(row),
    }));
  }

  async viewerCounts(channel: string, since: Date, until: Date): Promise<port.ViewerCountRecord[]> {
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

/** Rows after the cursor's, in the listing's order (joinedAt desc, then id desc). */
function afterCursor(cursor: string): WhereOptions {
  const [time, id] = decodeCursor(cursor, ['time', 'sqlId']) as [number, string];
  const joinedAt = new Date(time);
  return {
    [Op.or]: [{ joinedAt: { [Op.lt]: joinedAt } }, { joinedAt, id: { [Op.lt]: Number(id) } }],
  };
}
