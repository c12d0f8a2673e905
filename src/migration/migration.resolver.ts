import { Args, Query, Resolver } from '@nestjs/graphql';
import { ChannelFlowsArgs } from './dto/channel-flows.args';
import { MigrationGraphArgs } from './dto/migration-graph.args';
import { MigrationsArgs } from './dto/migrations.args';
import { ViewerCountsArgs } from './dto/viewer-counts.args';
import { MigrationService } from './migration.service';
import { ChannelFlowsModel } from './models/channel-flows.model';
import { MigrationConnectionModel } from './models/migration-connection.model';
import { MigrationGraphModel } from './models/migration-graph.model';
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
}
