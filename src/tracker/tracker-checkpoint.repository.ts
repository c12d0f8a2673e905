import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/sequelize';
import { type ModelStatic, Op, type Transaction } from 'sequelize';
import { type Model, Sequelize } from 'sequelize-typescript';
import { chunks } from '../database/statement-chunks';
import type {
  ChannelCheckpoint,
  EngineCheckpoint,
  EngineCheckpointDelta,
  EngineMetaCheckpoint,
  PendingUserCheckpoint,
} from './engine-checkpoint';
import {
  TrackerCheckpointChannelEntity,
  TrackerCheckpointEntity,
  TrackerCheckpointUserEntity,
} from './entities/tracker-checkpoint.entity';

const META_ROW = 1;

/** JSON has no infinities: a watermark not set yet (−∞) is stored as null. */
function metaToJson(meta: EngineMetaCheckpoint): string {
  return JSON.stringify({ ...meta, watermark: Number.isFinite(meta.watermark) ? meta.watermark : null });
}

function metaFromJson(json: string): EngineMetaCheckpoint {
  const meta = JSON.parse(json) as Omit<EngineMetaCheckpoint, 'watermark'> & { watermark: number | null };
  return { ...meta, watermark: meta.watermark ?? Number.NEGATIVE_INFINITY };
}

/**
 * The tracker's checkpoint, always in the SQL store (beside the pins, whatever stores migrations): one
 * transaction per round applies what changed, so the stored state is always that of a completed round.
 * One tracker per database: two would overwrite each other's rows.
 */
@Injectable()
export class TrackerCheckpointRepository {
  constructor(
    @InjectConnection() private readonly sequelize: Sequelize,
    @InjectModel(TrackerCheckpointUserEntity) private readonly users: typeof TrackerCheckpointUserEntity,
    @InjectModel(TrackerCheckpointChannelEntity)
    private readonly channels: typeof TrackerCheckpointChannelEntity,
    @InjectModel(TrackerCheckpointEntity) private readonly meta: typeof TrackerCheckpointEntity,
  ) {}

  async save(delta: EngineCheckpointDelta, savedAt: Date): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await this.apply(this.users, 'login', delta.users, transaction);
      await this.apply(this.channels, 'channel', delta.channels, transaction);
      await this.meta.upsert({ id: META_ROW, savedAt, meta: metaToJson(delta.meta) }, { transaction });
    });
  }

  /** The whole checkpoint; null when none was ever saved. */
  async load(): Promise<EngineCheckpoint | null> {
    const meta = await this.meta.findByPk(META_ROW);
    if (!meta) return null;
    const [users, channels] = await Promise.all([this.users.findAll(), this.channels.findAll()]);
    return {
      users: new Map(users.map((row) => [row.login, JSON.parse(row.state) as PendingUserCheckpoint])),
      channels: new Map(channels.map((row) => [row.channel, JSON.parse(row.state) as ChannelCheckpoint])),
      meta: metaFromJson(meta.meta),
      savedAt: meta.savedAt.getTime(),
    };
  }

  /** Upserts the keys with a state and deletes those whose state is null. */
  private async apply(
    model: ModelStatic<Model>,
    key: 'login' | 'channel',
    changes: ReadonlyMap<string, object | null>,
    transaction: Transaction,
  ): Promise<void> {
    const upserts: Record<string, string>[] = [];
    const deletes: string[] = [];
    for (const [id, state] of changes) {
      if (state === null) deletes.push(id);
      else upserts.push({ [key]: id, state: JSON.stringify(state) });
    }
    for (const rows of chunks(upserts)) {
      await model.bulkCreate(rows, {
        updateOnDuplicate: ['state'],
        validate: false,
        transaction,
      });
    }
    for (const ids of chunks(deletes)) {
      await model.destroy({ where: { [key]: { [Op.in]: ids } }, transaction });
    }
  }
}
