import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { StreamSnapshotModel } from '../../streams/models/stream-snapshot.model';
import { GameStatsModel } from './game-stats.model';
import { StatsSource } from './stats-source.enum';
import { ViewerCountGroupModel } from './viewer-count-group.model';

/**
 * `duplicateGroups` and `games` take arguments, so StatsResolver resolves them from the lists below. A
 * DATABASE answer holds only the parts its query selected: an absent figure is never a field asked for.
 */
@ObjectType('StreamStats', { description: 'Statistics over the streams of the latest complete snapshot.' })
export class StreamStatsModel {
  @Field(() => StatsSource)
  source: StatsSource;

  @Field(() => StreamSnapshotModel)
  snapshot: StreamSnapshotModel;

  @Field(() => Int)
  totalStreams?: number;

  @Field(() => Float, {
    description: 'The middle viewer count; the mean of the two middle ones when the count is even.',
  })
  medianViewers?: number;

  @Field(() => Int)
  oddViewerStreams?: number;

  @Field(() => Int)
  evenViewerStreams?: number;

  @Field(() => Int, { description: 'Streams whose viewer count at least one other stream shares.' })
  duplicateViewerStreams?: number;

  /** Every group, largest first, then viewerCount descending; not a GraphQL field itself. */
  allDuplicateGroups?: readonly ViewerCountGroupModel[];

  /** By maxViewers descending, ties by gameId ascending; not a GraphQL field itself. */
  gamesDescending?: readonly GameStatsModel[];

  /** By maxViewers ascending, ties by gameId ascending; not a GraphQL field itself. */
  gamesAscending?: readonly GameStatsModel[];
}
