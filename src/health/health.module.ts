import { Module } from '@nestjs/common';
import { StreamsModule } from '../streams/streams.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [StreamsModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
