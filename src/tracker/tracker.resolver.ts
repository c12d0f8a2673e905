import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { toPresenceSource } from '../migration/models/presence-source.enum';
import { ChannelLoginArgs } from './dto/channel-login.args';
import { MonitoredChannelModel } from './models/monitored-channel.model';
import { TrackerStatusModel } from './models/tracker-status.model';
import { TrackerService, type MonitoredChannelState } from './tracker.service';

@Resolver()
export class TrackerResolver {
  constructor(private readonly tracker: TrackerService) {}

  @Query(() => [MonitoredChannelModel], {
    description: 'Channels monitored now: the top live ones, then pins.',
  })
  monitoredChannels(): MonitoredChannelModel[] {
    return this.tracker.monitored().map(toMonitoredChannelModel);
  }

  @Query(() => TrackerStatusModel)
  trackerStatus(): TrackerStatusModel {
    return this.tracker.status();
  }

  @Mutation(() => MonitoredChannelModel, { description: 'Monitors the channel even outside the top.' })
  async pinChannel(@Args() args: ChannelLoginArgs): Promise<MonitoredChannelModel> {
    return toMonitoredChannelModel(await this.tracker.pin(args.login));
  }

  @Mutation(() => Boolean, { description: 'False when the channel was not pinned.' })
  unpinChannel(@Args() args: ChannelLoginArgs): boolean {
    return this.tracker.unpin(args.login);
  }
}

function toMonitoredChannelModel(state: MonitoredChannelState): MonitoredChannelModel {
  return {
    login: state.login,
    source: toPresenceSource(state.source),
    pinned: state.pinned,
    since: state.since,
    lastPolledAt: state.lastPolledAt,
    chatters: state.chatters,
  };
}
