import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { StreamsModule } from '../streams/streams.module';
import { StatsResolver } from './stats.resolver';
import { StatsService } from './stats.service';

/** Needs the global CacheModule (CACHE_MANAGER) that the application module registers. */
@Module({
  imports: [StreamsModule, DatabaseModule],
  providers: [StatsService, StatsResolver],
  exports: [StatsService],
})
export class StatsModule {}
