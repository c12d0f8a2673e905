import { Module } from '@nestjs/common';
import { SequelizeModule } from '@nestjs/sequelize';
import { StreamsModule } from '../streams/streams.module';
import { ChannelSelectionService } from './channel-selection.service';
import { ChatPresenceRouter } from './chat-presence-router';
import { PinnedChannelEntity } from './entities/pinned-channel.entity';
import { MigrationWriter } from './migration-writer';
import { MonitoredChannelResolver } from './monitored-channel.resolver';
import { MonitoredChannels } from './monitored-channels';
import { PinnedChannelsRepository } from './pinned-channels.repository';
import { RaidFollower } from './raid-follower';
import { TrackerCheckpointRepository } from './tracker-checkpoint.repository';
import { TrackerResolver } from './tracker.resolver';
import { TrackerService } from './tracker.service';
import { trackingEngineProvider } from './tracking-engine.provider';

/**
 * The tracker's Nest side. The migration store and its events come from the app's MigrationModule,
 * which is global (bound once by its forRoot).
 */
@Module({
  imports: [StreamsModule, SequelizeModule.forFeature([PinnedChannelEntity])],
  providers: [
    trackingEngineProvider,
    PinnedChannelsRepository,
    TrackerCheckpointRepository,
    ChannelSelectionService,
    RaidFollower,
    ChatPresenceRouter,
    MonitoredChannels,
    MigrationWriter,
    TrackerService,
    TrackerResolver,
    MonitoredChannelResolver,
  ],
  exports: [TrackerService],
})
export class TrackerModule {}
