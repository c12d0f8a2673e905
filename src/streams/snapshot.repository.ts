import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/sequelize';
import { Op } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import { refreshPlannerStatistics } from '../database/planner-statistics';
import { StreamSnapshotEntity } from './entities/stream-snapshot.entity';
import { StreamEntity } from './entities/stream.entity';
import type { SnapshotRecord, StreamRecord } from './stream-record';

export interface NewSnapshot {
  takenAt: Date;
  pagesFetched: number;
  durationMs: number;
  streams: StreamRecord[];
}

const INSERT_CHUNK = 500;

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
    @InjectConnection() readonly sequelize: Sequelize,
    @InjectModel(StreamSnapshotEntity) private readonly snapshots: typeof StreamSnapshotEntity,
    @InjectModel(StreamEntity) private readonly streams: typeof StreamEntity,
  ) {}

  async latest(): Promise<SnapshotRecord | null> {
    const entity = await this.snapshots.findOne({ order: [['id', 'DESC']] });
    return entity ? toSnapshotRecord(entity) : null;
  }

  async streamsOf(snapshotId: number): Promise<StreamRecord[]> {
    const rows = await this.streams.findAll({
      where: { snapshotId },
      order: [
        ['viewerCount', 'DESC'],
        ['id', 'ASC'],
      ],
    });
    return rows.map(toStreamRecord);
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
