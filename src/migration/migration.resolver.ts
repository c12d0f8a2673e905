import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';
import { argument, listCost, WORK_COST } from '../common/graphql/query-cost';
import { ChannelFlowsArgs } from './dto/channel-flows.args';
import { MigrationGraphArgs } from './dto/migration-graph.args';
import { MigrationRecordedArgs } from './dto/migration-recorded.args';
import { MigrationsArgs } from './dto/migrations.args';
import { ViewerCountsArgs } from './dto/viewer-counts.args';
import { MIGRATION_LIMITS } from './migration-limits';
import type { MigrationRecord } from './migration-record';
import { toMigrationModel } from './migration-model.mapper';
import { MigrationService } from './migration.service';
import { ChannelFlowsModel } from './models/channel-flows.model';
import { MigrationConnectionModel } from './models/migration-connection.model';
import { MigrationGraphModel } from './models/migration-graph.model';
import { MigrationModel } from './models/migration.model';
import { ViewerCountPointModel } from './models/viewer-count-point.model';

const { graphEdges, flowEdges, pageSize, rangeMs } = MIGRATION_LIMITS;
const HOUR_MS = 3_600_000;

/**
 * The range asked, in hours, as MigrationService.range reads it. A range it refuses (empty, or longer than
 * allowed) reads nothing: it is the resolver's to refuse as bad input, not a cost to price.
 */
function rangeHours(args: Record<string, unknown>): number {
  const until = args.until instanceof Date ? args.until.getTime() : Date.now();
  const since = args.since instanceof Date ? args.since.getTime() : until - rangeMs.default;
  const spanMs = until - since;
  return spanMs > 0 && spanMs <= rangeMs.max ? spanMs / HOUR_MS : 0;
}

const rangeDays = (args: Record<string, unknown>) => Math.max(1, rangeHours(args) / 24);

// The work of each query grows with the range of migrations it reads (src/common/graphql/query-cost.ts).
const graphCost = listCost(
  (args) => argument(args, 'limit', graphEdges.default, graphEdges.max),
  (args) =>
    3 * WORK_COST.sqlRead +
    (WORK_COST.graphPerDay +
      WORK_COST.graphPerEdgeDay * argument(args, 'limit', graphEdges.default, graphEdges.max)) *
      rangeDays(args),
);
const flowsCost = listCost(
  (args) => argument(args, 'limit', flowEdges.default, flowEdges.max),
  (args) => WORK_COST.sqlRead + WORK_COST.flowsPerDay * rangeDays(args),
);
const migrationsCost = listCost(
  (args) => argument(args, 'first', pageSize.default, pageSize.max),
  (args) => WORK_COST.sqlRead + WORK_COST.countPerDay * rangeDays(args),
);
const viewerCountsCost = listCost(
  (args, sizes) => Math.ceil(rangeHours(args) * sizes.viewerSamplesPerHour),
  (args, sizes) =>
    WORK_COST.sqlRead + WORK_COST.viewerSample * Math.ceil(rangeHours(args) * sizes.viewerSamplesPerHour),
);

@Resolver()
export class MigrationResolver {
  constructor(private readonly service: MigrationService) {}

  @Query(() => MigrationGraphModel, {
    description: 'Channels and the migrations between them; the range defaults to the last 24 hours.',
    complexity: graphCost,
  })
  migrationGraph(@Args() args: MigrationGraphArgs): Promise<MigrationGraphModel> {
    return this.service.graph(args);
  }

  @Query(() => ChannelFlowsModel, {
    description: 'Where the viewers of one channel came from and went to.',
    complexity: flowsCost,
  })
  channelFlows(@Args() { channel, ...args }: ChannelFlowsArgs): Promise<ChannelFlowsModel> {
    return this.service.flows(channel, args);
  }

  @Query(() => MigrationConnectionModel, {
    description: 'Single migrations, newest first.',
    complexity: migrationsCost,
  })
  migrations(@Args() args: MigrationsArgs): Promise<MigrationConnectionModel> {
    return this.service.list(args);
  }

  @Query(() => [ViewerCountPointModel], {
    description: "Samples of a channel's audience, oldest first.",
    complexity: viewerCountsCost,
  })
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
