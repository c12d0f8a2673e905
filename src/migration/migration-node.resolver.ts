import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { liveStreamLoader } from '../streams/live-stream.loader';
import { StreamModel } from '../streams/models/stream.model';
import { StreamsService } from '../streams/streams.service';
import { MigrationNodeModel } from './models/migration-node.model';

@Resolver(() => MigrationNodeModel)
export class MigrationNodeResolver {
  constructor(private readonly streams: StreamsService) {}

  @ResolveField(() => StreamModel, {
    nullable: true,
    description: "The channel's stream in the latest top-streams snapshot; null when it is not in it.",
  })
  stream(@Parent() node: MigrationNodeModel, @Context() context: object): Promise<StreamModel | null> {
    return liveStreamLoader(context, this.streams).load(node.channel);
  }
}
