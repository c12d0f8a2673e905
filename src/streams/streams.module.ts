import { Module } from '@nestjs/common';
import { SnapshotsModule } from './snapshots.module';
import { StreamsResolver } from './streams.resolver';
import { TopStreamsJob } from './top-streams.job';

@Module({
  imports: [SnapshotsModule],
  providers: [TopStreamsJob, StreamsResolver],
  exports: [SnapshotsModule, TopStreamsJob],
})
export class StreamsModule {}
