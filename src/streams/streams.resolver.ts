import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { argument, fieldCost, listCost, WORK_COST } from '../common/graphql/query-cost';
import { StreamsArgs } from './dto/streams.args';
import { TopStreamsArgs } from './dto/top-streams.args';
import { StreamConnectionModel } from './models/stream-connection.model';
import { StreamSnapshotModel } from './models/stream-snapshot.model';
import { StreamModel } from './models/stream.model';
import { toSnapshotModel } from './stream-model.mapper';
import { StreamsService } from './streams.service';
import { TopStreamsJob } from './top-streams.job';

@Resolver(() => StreamModel)
export class StreamsResolver {
  constructor(
    private readonly streamsService: StreamsService,
    private readonly job: TopStreamsJob,
  ) {}

  // A null limit or first is priced as the largest page (1..100).
  @Query(() => [StreamModel], {
    description: 'The top `limit` streams by viewers, in the requested order.',
    complexity: listCost((args) => argument(args, 'limit', 100, 100), WORK_COST.sqlRead),
  })
  topStreams(@Args() args: TopStreamsArgs): Promise<StreamModel[]> {
    return this.streamsService.topStreams(args.order, args.limit);
  }

  @Query(() => StreamConnectionModel, {
    description: 'Streams of the latest snapshot, most watched first.',
    // A count and a page.
    complexity: listCost((args) => argument(args, 'first', 100, 100), 2 * WORK_COST.sqlRead),
  })
  streams(@Args() args: StreamsArgs): Promise<StreamConnectionModel> {
    const { first, after, ...filter } = args;
    return this.streamsService.list(filter, first, after);
  }

  @Mutation(() => StreamSnapshotModel, {
    description: 'Fetches the top streams now (joins a run under way).',
    complexity: fieldCost(WORK_COST.snapshotRefresh),
  })
  async refreshTopStreams(): Promise<StreamSnapshotModel> {
    return toSnapshotModel(await this.job.run('refreshTopStreams mutation'));
  }
}
