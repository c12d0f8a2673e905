import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/sequelize';
import { Op, type Order, type WhereOptions } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import { refreshPlannerStatistics } from '../database/planner-statistics';
import { Parity } from './dto/streams.args';
import { StreamSnapshotEntity } from './entities/stream-snapshot.entity';
import { StreamEntity } from './entities/stream.entity';
import type { SnapshotRecord, StreamRecord } from './stream-record';

export interface NewSnapshot {
  takenAt: Date;
  pagesFetched: number;
  durationMs: number;
  streams: StreamRecord[];
}

/** Missing or null: no filter. */
export interface StreamFilter {
  parity?: Parity | null;
  viewerCount?: number | null;
  gameId?: string | null;
}

/** Where a page of a listing starts: after this stream of the listing's order. */
export interface StreamPosition {
  viewerCount: number;
  id: string;
}

const INSERT_CHUNK = 500;

/** Every listing of a snapshot's streams: most watched first, ties by id. */
const MOST_WATCHED: Order = [
  ['viewerCount', 'DESC'],
  ['id', 'ASC'],
];

export function toStreamRecord(entity: StreamEntity): StreamRecord {
  return {
    id: entity.id,
    userId: entity.userId,
    userLogin: entity.userLogin,
    userName: entity.userName,
    gameId: entity.gameId,
    gameName: entity.gameName,
    title: entity.title,
    viewerCount: entity.viewerCount,
    language: entity.language,
    startedAt: entity.startedAt,
  };
}

function toSnapshotRecord(entity: StreamSnapshotEntity): SnapshotRecord {
  return { id: entity.id, takenAt: entity.takenAt, streamCount: entity.streamCount };
}

/** SQL storage of snapshots; a snapshot exists for readers only once its transaction has committed. */
@Injectable()
export class SnapshotRepository {
  constructor(
    @InjectConnection() private readonly sequelize: Sequelize,
    @InjectModel(StreamSnapshotEntity) private readonly snapshots: typeof StreamSnapshotEntity,
    @InjectModel(StreamEntity) private readonly streams: typeof StreamEntity,
  ) {}

  async latest(): Promise<SnapshotRecord | null> {
    const entity = await this.snapshots.findOne({ order: [['id', 'DESC']] });
    return entity ? toSnapshotRecord(entity) : null;
  }

  async exists(snapshotId: number): Promise<boolean> {
    return (await this.snapshots.findByPk(snapshotId, { attributes: ['id'] })) !== null;
  }

  /** Every stream of the snapshot, or its `limit` most watched. */
  async streamsOf(snapshotId: number, limit?: number): Promise<StreamRecord[]> {
    const rows = await this.streams.findAll({ where: { snapshotId }, order: MOST_WATCHED, limit });
    return rows.map(toStreamRecord);
  }

  /** The streams of these channels (logins as stored: lower-case) in the snapshot, in no order. */
  async streamsOfChannels(snapshotId: number, logins: readonly string[]): Promise<StreamRecord[]> {
    const rows = await this.streams.findAll({
      where: { snapshotId, userLogin: { [Op.in]: [...new Set(logins)] } },
    });
    return rows.map(toStreamRecord);
  }

  /**
   * Up to `limit` streams of the snapshot matching the filter, most watched first, after `position` when
   * given; `totalCount` counts every match.
   */
  async page(
    snapshotId: number,
    filter: StreamFilter,
    limit: number,
    position?: StreamPosition,
  ): Promise<{ totalCount: number; streams: StreamRecord[] }> {
    const scope: WhereOptions[] = [{ snapshotId }];
    if (filter.viewerCount != null) scope.push({ viewerCount: filter.viewerCount });
    if (filter.gameId != null) scope.push({ gameId: filter.gameId });
    if (filter.parity) {
      scope.push(
        Sequelize.where(Sequelize.literal('viewer_count % 2'), filter.parity === Parity.ODD ? 1 : 0),
      );
    }
    const after: WhereOptions[] = position
      ? [
          {
            [Op.or]: [
              { viewerCount: { [Op.lt]: position.viewerCount } },
              { viewerCount: position.viewerCount, id: { [Op.gt]: position.id } },
            ],
          },
        ]
      : [];
    const [totalCount, rows] = await Promise.all([
      this.streams.count({ where: { [Op.and]: scope } }),
      this.streams.findAll({ where: { [Op.and]: [...scope, ...after] }, order: MOST_WATCHED, limit }),
    ]);
    return { totalCount, streams: rows.map(toStreamRecord) };
  }

  /** Writes the snapshot row and all its streams in one transaction, then prunes beyond `keep`. */
  async save(snapshot: NewSnapshot, keep: number): Promise<SnapshotRecord> {
    const created = await this.sequelize.transaction(async (transaction) => {
      const row = await this.snapshots.create(
        {
          takenAt: snapshot.takenAt,
          streamCount: snapshot.streams.length,
          pagesFetched: snapshot.pagesFetched,
          durationMs: snapshot.durationMs,
        },
        { transaction },
      );
      for (let i = 0; i < snapshot.streams.length; i += INSERT_CHUNK) {
        const chunk = snapshot.streams
          .slice(i, i + INSERT_CHUNK)
          .map((stream) => ({ ...stream, snapshotId: row.id }));
        await this.streams.bulkCreate(chunk, { transaction, validate: false });
      }
      return row;
    });
    await this.prune(keep);
    await refreshPlannerStatistics(this.sequelize, 'streams');
    return toSnapshotRecord(created);
  }

  private async prune(keep: number): Promise<void> {
    const stale = await this.snapshots.findAll({
      attributes: ['id'],
      order: [['id', 'DESC']],
      offset: keep,
    });
    if (stale.length === 0) return;
    const ids = stale.map((s) => s.id);
    await this.sequelize.transaction(async (transaction) => {
      await this.streams.destroy({ where: { snapshotId: { [Op.in]: ids } }, transaction });
      await this.snapshots.destroy({ where: { id: { [Op.in]: ids } }, transaction });
    });
  }
}
