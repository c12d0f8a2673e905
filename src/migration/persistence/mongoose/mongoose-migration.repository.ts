import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { type ConnectionShape, connectionPage } from '../../../common/graphql/connection';
import { decodeCursor, encodeCursor } from '../../../common/graphql/cursor';
import { groupByEdgeHour, uniqueByNaturalKey } from '../../migration-batch';
import { nodesOf, splitByWholeHours, toEdgeRecord } from '../../migration-graph';
import type * as port from '../../migration-repository.port';
import { MigrationRepository } from '../../migration-repository.port';
import {
  type EdgeTotalsDocument,
  flowsPipeline,
  graphPipeline,
  listFilter,
  listPipeline,
  viewerCountsPipeline,
} from './pipelines';
import { MigrationEdgeDocument } from './schemas/migration-edge.schema';
import { MigrationDocument } from './schemas/migration.schema';
import { ViewerCountDocument } from './schemas/viewer-count.schema';

type StoredMigration = port.NewMigrationRecord & { _id: Types.ObjectId };

function toMigrationRecord({ _id, ...doc }: StoredMigration): port.MigrationRecord {
  return {
    id: _id.toHexString(),
    userLogin: doc.userLogin,
    fromChannel: doc.fromChannel,
    toChannel: doc.toChannel,
    leftAt: doc.leftAt,
    joinedAt: doc.joinedAt,
    viaRaid: doc.viaRaid,
    source: doc.source,
  };
}

/** Migrations in MongoDB: one document each (TTL-expired), hourly edge buckets, a time-series of samples. */
@Injectable()
export class MongooseMigrationRepository extends MigrationRepository {
  private readonly logger = new Logger(MongooseMigrationRepository.name);

  constructor(
    @InjectModel(MigrationDocument.name) private readonly migrations: Model<MigrationDocument>,
    @InjectModel(MigrationEdgeDocument.name) private readonly edgeHours: Model<MigrationEdgeDocument>,
    @InjectModel(ViewerCountDocument.name) private readonly samples: Model<ViewerCountDocument>,
  ) {
    super();
  }

  readonly store = 'MONGODB' as const;

  async ping(): Promise<void> {
    const db = this.migrations.db.db;
    if (!db) throw new Error('MongoDB is not connected');
    await db.admin().ping();
  }

  /**
   * Upserts each migration on its natural key and counts in the buckets only those the server reports as
   * inserted, so a retried flush adds nothing. Without a transaction, a crash between the two writes
   * under-counts the buckets rather than counting twice.
   */
  async saveBatch(batch: readonly port.NewMigrationRecord[]): Promise<port.MigrationRecord[]> {
    const unique = uniqueByNaturalKey(batch);
    if (unique.length === 0) return [];
    const result = await this.migrations.bulkWrite(
      unique.map((m) => ({
        updateOne: {
          filter: {
            userLogin: m.userLogin,
            fromChannel: m.fromChannel,
            toChannel: m.toChannel,
            joinedAt: m.joinedAt,
          },
          update: { $setOnInsert: { leftAt: m.leftAt, viaRaid: m.viaRaid, source: m.source } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    // upsertedIds maps the operation's index to the new _id; sorted, so the records keep input order.
    const inserted = Object.entries(result.upsertedIds as Record<string, Types.ObjectId>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([index, _id]) => toMigrationRecord({ ...unique[Number(index)], _id }));
    if (inserted.length < batch.length) {
      this.logger.debug(`Skipped ${batch.length - inserted.length} migrations already stored or repeated`);
    }
    const increments = groupByEdgeHour(inserted);
    if (increments.length === 0) return inserted;
    await this.edgeHours.bulkWrite(
      increments.map((b) => ({
        updateOne: {
          filter: { from: b.from, to: b.to, hour: b.hour },
          update: { $inc: { count: b.count } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return inserted;
  }

  async saveViewerCounts(points: readonly port.ViewerCountRecord[]): Promise<void> {
    if (points.length > 0) await this.samples.insertMany(points.map((p) => ({ ...p })));
  }

  async graph(query: port.MigrationGraphQuery): Promise<port.MigrationGraphResult> {
    const range = { since: query.since, until: query.until };
    const split = splitByWholeHours(range);
    if (!split.wholeHours && split.partial.length === 0)
      return { ...range, totalMigrations: 0, nodes: [], edges: [] };
    const [result] = await this.edgeHours.aggregate<{
      total: { total: number }[];
      edges: EdgeTotalsDocument[];
    }>(graphPipeline(split, query));
    const edges = result.edges.map(toEdgeRecord);
    return { ...range, totalMigrations: result.total[0]?.total ?? 0, nodes: nodesOf(edges), edges };
  }

  async flows(channel: string, query: port.ChannelFlowsQuery): Promise<port.ChannelFlowsResult> {
    const split = splitByWholeHours(query);
    if (!split.wholeHours && split.partial.length === 0) return { channel, incoming: [], outgoing: [] };
    const [result] = await this.edgeHours.aggregate<{
      incoming: EdgeTotalsDocument[];
      outgoing: EdgeTotalsDocument[];
    }>(flowsPipeline(split, channel, query.limit));
    return {
      channel,
      incoming: result.incoming.map(toEdgeRecord),
      outgoing: result.outgoing.map(toEdgeRecord),
    };
  }

  async list(
    filter: port.MigrationListFilter,
    page: port.PageRequest,
  ): Promise<ConnectionShape<port.MigrationRecord>> {
    const after = page.after === undefined ? null : afterCursor(page.after);
    const [totalCount, docs] = await Promise.all([
      this.migrations.countDocuments(listFilter(filter)),
      this.migrations.aggregate<StoredMigration>(listPipeline(filter, after, page.first)),
    ]);
    return connectionPage(docs, page.first, totalCount, (doc) => ({
      cursor: encodeCursor([doc.joinedAt.getTime(), doc._id.toHexString()]),
      node: toMigrationRecord(doc),
    }));
  }

  async viewerCounts(channel: string, since: Date, until: Date): Promise<port.ViewerCountRecord[]> {
    const docs = await this.samples.aggregate<port.ViewerCountRecord>(
      viewerCountsPipeline(channel, since, until),
    );
    return docs.map((d) => ({
      channel: d.channel,
      at: d.at,
      viewers: d.viewers ?? null,
      chatters: d.chatters ?? null,
    }));
  }

  async purgeOlderThan(before: Date): Promise<number> {
    const { deletedCount } = await this.migrations.deleteMany({ joinedAt: { $lt: before } });
    return deletedCount;
  }
}

function afterCursor(cursor: string): { joinedAt: Date; id: Types.ObjectId } {
  const [time, id] = decodeCursor(cursor, ['time', 'objectId']) as [number, string];
  return { joinedAt: new Date(time), id: new Types.ObjectId(id) };
}
