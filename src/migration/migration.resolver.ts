import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';
import { ChannelFlowsArgs } from './dto/channel-flows.args';
import { MigrationGraphArgs } from './dto/migration-graph.args';
import { MigrationRecordedArgs } from './dto/migration-recorded.args';
import { MigrationsArgs } from './dto/migrations.args';
import { ViewerCountsArgs } from './dto/viewer-counts.args';
import type { MigrationRecord } from './migration-record';
import { MigrationService, toMigrationModel } from './migration.service';
import { ChannelFlowsModel } from './models/channel-flows.model';
import { MigrationConnectionModel } from './models/migration-connection.model';
import { MigrationGraphModel } from './models/migration-graph.model';
import { MigrationModel } from './models/migration.model';
import { ViewerCountPointModel } from './models/viewer-count-point.model';

@Resolver()
export class MigrationResolver {
  constructor(private readonly service: MigrationService) {}

  @Query(() => MigrationGraphModel, {
    description: 'Channels and the migrations between them; the range defaults to the last 24 hours.',
  })
  migrationGraph(@Args() args: MigrationGraphArgs): Promise<MigrationGraphModel> {
    return this.service.graph(args);
  }

  @Query(() => ChannelFlowsModel, { description: 'Where the viewers of one channel came from and went to.' })
  channelFlows(@Args() { channel, ...args }: ChannelFlowsArgs): Promise<ChannelFlowsModel> {
    return this.service.flows(channel, args);
  }

  @Query(() => MigrationConnectionModel, { description: 'Single migrations, newest first.' })
  migrations(@Args() args: MigrationsArgs): Promise<MigrationConnectionModel> {
    return this.service.list(args);
  }

  @Query(() => [ViewerCountPointModel], { description: "Samples of a channel's audience, oldest first." })
  viewerCounts(@Args() { channel, ...range }: ViewerCountsArgs): Promise<ViewerCountPointModel[]> {
    return this.service.viewerCounts(channel, range);
  }

  // The iterator yields stored records; `resolve` maps each delivered one, as the `migrations` query does.
  @Subscription(() => MigrationModel, {
    description:
      'Each migration as the tracker stores it; only those out of or into `channel` when given. ' +
      'Over graphql-ws, with the token in the connection params.',
    resolve: (record: MigrationRecord) => toMigrationModel(record),
  })
  migrationRecorded(
    @Args() { channel }: MigrationRecordedArgs,
  ): Promise<AsyncIterableIterator<MigrationRecord>> {
    return this.service.recorded(channel);
  }
}
