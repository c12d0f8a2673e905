import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import { Op, WhereOptions } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import type { ConnectionShape } from '../common/graphql/connection';
import { decodeCursor, encodeCursor } from '../common/graphql/cursor';
import { SortOrder } from '../common/graphql/sort-order.enum';
import { BadUserInputError, NotReadyError } from '../common/domain-error';
import { Parity } from './dto/streams.args';
import { StreamSnapshotEntity } from './entities/stream-snapshot.entity';
import { StreamEntity } from './entities/stream.entity';
import { LatestSnapshotService } from './latest-snapshot.service';
import type { SnapshotRecord, StreamRecord } from './stream-record';
import { toStreamRecord } from './snapshot.repository';

/** Missing or null: no filter. */
export interface StreamFilter {
  parity?: Parity | null;
  viewerCount?: number | null;
  gameId?: string | null;
}

/** Listings over the latest complete snapshot; a cursor pins the snapshot its first page came from. */
@Injectable()
export class StreamsService {
  constructor(
    private readonly latest: LatestSnapshotService,
    @InjectModel(StreamEntity) private readonly streams: typeof StreamEntity,
    @InjectModel(StreamSnapshotEntity) private readonly snapshots: typeof StreamSnapshotEntity,
  ) {}

  async requireLatest(): Promise<SnapshotRecord> {
    const snapshot = await this.latest.current();
    if (!snapshot)
      throw new NotReadyError('No complete top-streams snapshot yet; the first one is being fetched');
    return snapshot;
  }

  /**
   * Each login's stream in the latest snapshot, in the order asked, null where the channel is not in it
   * (or no snapshot exists yet): the batch function of the per-request stream loader.
   */
  async liveByLogins(logins: readonly string[]): Promise<(StreamRecord | null)[]> {
    const snapshot = await this.latest.current();
    if (!snapshot) return logins.map(() => null);
    const rows = await this.streams.findAll({
      where: { snapshotId: snapshot.id, userLogin: { [Op.in]: [...new Set(logins)] } },
    });
    const byLogin = new Map(rows.map((row) => [row.userLogin.toLowerCase(), toStreamRecord(row)]));
    return logins.map((login) => byLogin.get(login) ?? null);
  }

  /** The `limit` most watched streams, then put in the requested order. */
  async topStreams(order: SortOrder, limit: number): Promise<StreamRecord[]> {
    const snapshot = await this.requireLatest();
    const rows = await this.streams.findAll({
      where: { snapshotId: snapshot.id },
      order: [
        ['viewerCount', 'DESC'],
        ['id', 'ASC'],
      ],
      limit,
    });
    const top = rows.map(toStreamRecord);
    return order === SortOrder.DESC ? top : top.reverse();
  }

  async list(
    filter: StreamFilter,
    first: number,
    after?: string | null,
  ): Promise<ConnectionShape<StreamRecord>> {
    const position = after ? decodeCursor(after, ['int', 'int', 'key']) : null;
    const snapshotId = position ? (position[0] as number) : (await this.requireLatest()).id;
    if (position && !(await this.snapshots.findByPk(snapshotId, { attributes: ['id'] }))) {
      throw new BadUserInputError(
        'This cursor belongs to a snapshot that no longer exists; start again without `after`',
      );
    }
    const scope: WhereOptions[] = [{ snapshotId }];
    if (filter.viewerCount != null) scope.push({ viewerCount: filter.viewerCount });
    if (filter.gameId != null) scope.push({ gameId: filter.gameId });
    if (filter.parity) {
      scope.push(
        Sequelize.where(Sequelize.literal('viewer_count % 2'), filter.parity === Parity.ODD ? 1 : 0),
      );
    }
    const page: WhereOptions[] = position
      ? [
          {
            [Op.or]: [
              { viewerCount: { [Op.lt]: position[1] } },
              { viewerCount: position[1], id: { [Op.gt]: position[2] } },
            ],
          },
        ]
      : [];
    const [totalCount, rows] = await Promise.all([
      this.streams.count({ where: { [Op.and]: scope } }),
      this.streams.findAll({
        where: { [Op.and]: [...scope, ...page] },
        order: [
          ['viewerCount', 'DESC'],
          ['id', 'ASC'],
        ],
        limit: first + 1,
      }),
    ]);
    const edges = rows.slice(0, first).map((row) => ({
      cursor: encodeCursor([snapshotId, row.viewerCount, row.id]),
      node: toStreamRecord(row),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }
}
