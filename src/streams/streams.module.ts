import { Module } from '@nestjs/common';
import { SequelizeModule } from '@nestjs/sequelize';
import { StreamSnapshotEntity } from './entities/stream-snapshot.entity';
import { StreamEntity } from './entities/stream.entity';
import { LatestSnapshotService } from './latest-snapshot.service';
import { SnapshotRepository } from './snapshot.repository';
import { StreamsResolver } from './streams.resolver';
import { StreamsService } from './streams.service';
import { TopStreamsJob } from './top-streams.job';

@Module({
  imports: [SequelizeModule.forFeature([StreamSnapshotEntity, StreamEntity])],
  providers: [SnapshotRepository, LatestSnapshotService, StreamsService, TopStreamsJob, StreamsResolver],
  exports: [SnapshotRepository, LatestSnapshotService, StreamsService, TopStreamsJob],
})
export class StreamsModule {}
