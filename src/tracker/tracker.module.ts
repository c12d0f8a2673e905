import { type DynamicModule, Module } from '@nestjs/common';
import { SequelizeModule } from '@nestjs/sequelize';
import { StreamsModule } from '../streams/streams.module';
import { ChannelSelectionService } from './channel-selection.service';
import { PinnedChannelEntity } from './entities/pinned-channel.entity';
import { MonitoredChannelResolver } from './monitored-channel.resolver';
import { PinnedChannelsRepository } from './pinned-channels.repository';
import { TrackerCheckpointRepository } from './tracker-checkpoint.repository';
import { TrackerResolver } from './tracker.resolver';
import { TrackerService } from './tracker.service';

/**
 * The tracker's Nest side. It takes the app's MigrationModule instance (which exports the repository
 * port) so both share one store binding instead of building a second one.
 */
@Module({})
export class TrackerModule {
  static forRoot(migrationModule: DynamicModule): DynamicModule {
    return {
      module: TrackerModule,
      imports: [StreamsModule, migrationModule, SequelizeModule.forFeature([PinnedChannelEntity])],
      providers: [
        PinnedChannelsRepository,
        TrackerCheckpointRepository,
        ChannelSelectionService,
        TrackerService,
        TrackerResolver,
        MonitoredChannelResolver,
      ],
      exports: [TrackerService],
    };
  }
}
