import { Module } from '@nestjs/common';
import { StreamsModule } from '../streams/streams.module';
import { TrackerModule } from '../tracker/tracker.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** Checks the store the global MigrationModule is bound to, and reports the tracker's polls. */
@Module({
  imports: [StreamsModule, TrackerModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
