import { Injectable } from '@nestjs/common';
import { BadUserInputError } from '../common/domain-error';
import { type ConnectionShape, connectionPage } from '../common/graphql/connection';
import { decodeCursor, encodeCursor } from '../common/graphql/cursor';
import { SortOrder } from '../common/graphql/sort-order.enum';
import { TOP_STREAMS_MAX } from './dto/top-streams.args';
import { LatestSnapshotService } from './latest-snapshot.service';
import { SnapshotRepository, type StreamFilter } from './snapshot.repository';
import type { StreamRecord } from './stream-record';

/** Listings over the latest complete snapshot; a cursor pins the snapshot its first page came from. */
@Injectable()
export class StreamsService {
  /** The latest snapshot's most watched streams, read once: a complete snapshot never changes. */
  private mostWatched: { snapshotId: number; streams: Promise<StreamRecord[]> } | null = null;

  constructor(
    private readonly latest: LatestSnapshotService,
    private readonly repository: SnapshotRepository,
  ) {}

  /**
   * Each login's stream in the latest snapshot, in the order asked, null where the channel is not in it
   * (or no snapshot exists yet): the batch function of the per-request stream loader.
   */
  async liveByLogins(logins: readonly string[]): Promise<(StreamRecord | null)[]> {
    const snapshot = await this.latest.current();
    if (!snapshot) return logins.map(() => null);
    const streams = await this.repository.streamsOfChannels(snapshot.id, logins);
    const byLogin = new Map(streams.map((stream) => [stream.userLogin.toLowerCase(), stream]));
    return logins.map((login) => byLogin.get(login) ?? null);
  }

  /** The `limit` most watched streams, then put in the requested order. */
  async topStreams(order: SortOrder, limit: number): Promise<StreamRecord[]> {
    const snapshot = await this.latest.required();
    const top = (await this.mostWatchedOf(snapshot.id)).slice(0, limit);
    return order === SortOrder.DESC ? top : top.reverse();
  }

  private mostWatchedOf(snapshotId: number): Promise<StreamRecord[]> {
    const kept = this.mostWatched;
    if (kept?.snapshotId === snapshotId) return kept.streams;
    const streams = this.repository.streamsOf(snapshotId, TOP_STREAMS_MAX);
    // A request still on an older snapshot reads it without displacing the newer one.
    if (kept && kept.snapshotId > snapshotId) return streams;
    this.mostWatched = { snapshotId, streams };
    // A failed read is not kept: the next request reads again.
    streams.catch(() => {
      if (this.mostWatched?.streams === streams) this.mostWatched = null;
    });
    return streams;
  }

  async list(
    filter: StreamFilter,
    first: number,
    after?: string | null,
  ): Promise<ConnectionShape<StreamRecord>> {
    const position = after ? decodeCursor(after, ['int', 'int', 'key']) : null;
    const snapshotId = position ? (position[0] as number) : (await this.latest.required()).id;
    if (position && !(await this.repository.exists(snapshotId))) {
      throw new BadUserInputError(
        'This cursor belongs to a snapshot that no longer exists; start again without `after`',
      );
    }
    const { totalCount, streams } = await this.repository.page(
      snapshotId,
      filter,
      first + 1,
      position ? { viewerCount: position[1] as number, id: position[2] as string } : undefined,
    );
    return connectionPage(streams, first, totalCount, (stream) => ({
      cursor: encodeCursor([snapshotId, stream.viewerCount, stream.id]),
      node: stream,
    }));
  }
}
