import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
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

  @Query(() => [StreamModel], { description: 'The top `limit` streams by viewers, in the requested order.' })
  topStreams(@Args() args: TopStreamsArgs): Promise<StreamModel[]> {
    return this.streamsService.topStreams(args.order, args.limit);
  }

  @Query(() => StreamConnectionModel, { description: 'Streams of the latest snapshot, most watched first.' })
  streams(@Args() args: StreamsArgs): Promise<StreamConnectionModel> {
    const { first, after, ...filter } = args;
    return this.streamsService.list(filter, first, after);
  }

  @Mutation(() => StreamSnapshotModel, {
    description: 'Fetches the top streams now (joins a run under way).',
  })
  async refreshTopStreams(): Promise<StreamSnapshotModel> {
    return toSnapshotModel(await this.job.run('refreshTopStreams mutation'));
  }
}
