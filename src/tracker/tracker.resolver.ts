import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { fieldCost, listCost, WORK_COST } from '../common/graphql/query-cost';
import { ChannelLoginArgs } from './dto/channel-login.args';
import { MonitoredChannelModel } from './models/monitored-channel.model';
import { TrackerStatusModel } from './models/tracker-status.model';
import { toMonitoredChannelModel } from './monitored-channel-model.mapper';
import { TrackerService } from './tracker.service';

@Resolver()
export class TrackerResolver {
  constructor(private readonly tracker: TrackerService) {}

  @Query(() => [MonitoredChannelModel], {
    description: 'Channels monitored now: the top live ones, then pins.',
    complexity: listCost((_args, sizes) => sizes.monitoredChannels),
  })
  monitoredChannels(): MonitoredChannelModel[] {
    return this.tracker.monitored().map(toMonitoredChannelModel);
  }

  @Query(() => TrackerStatusModel)
  trackerStatus(): TrackerStatusModel {
    return this.tracker.status();
  }

  @Mutation(() => MonitoredChannelModel, {
    description:
      'Monitors the channel even outside the top or offline, until unpinned (kept across restarts).',
    complexity: fieldCost(WORK_COST.sqlRead),
  })
  async pinChannel(
    @Args() args: ChannelLoginArgs,
    @CurrentUser() user: AuthUser,
  ): Promise<MonitoredChannelModel> {
    return toMonitoredChannelModel(await this.tracker.pin(args.login, user.login));
  }

  @Mutation(() => Boolean, {
    description: 'False when the channel was not pinned.',
    complexity: fieldCost(WORK_COST.sqlRead),
  })
  unpinChannel(@Args() args: ChannelLoginArgs): Promise<boolean> {
    return this.tracker.unpin(args.login);
  }
}
