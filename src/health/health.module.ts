import { type DynamicModule, Module } from '@nestjs/common';
import { StreamsModule } from '../streams/streams.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/**
 * Takes the app's MigrationModule instance, like the tracker, to check the store it is bound to, and the
 * app's TrackerModule instance, to report the tracker's polls.
 */
@Module({})
export class HealthModule {
  static forRoot(migrationModule: DynamicModule, trackerModule: DynamicModule): DynamicModule {
    return {
      module: HealthModule,
      imports: [StreamsModule, migrationModule, trackerModule],
      controllers: [HealthController],
      providers: [HealthService],
    };
  }
}
