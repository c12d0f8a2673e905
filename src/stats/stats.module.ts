import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { StreamsModule } from '../streams/streams.module';
import { StatsResolver } from './stats.resolver';
import { StatsService } from './stats.service';
import { StreamStatisticsRepository } from './stream-statistics.repository';

/** Needs the global CacheModule (CACHE_MANAGER) that the application module registers. */
@Module({
  imports: [StreamsModule, DatabaseModule],
  providers: [StatsService, StatsResolver, StreamStatisticsRepository],
  exports: [StatsService],
})
export class StatsModule {}
