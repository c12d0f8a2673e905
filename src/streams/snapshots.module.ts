import { Module } from '@nestjs/common';
import { SequelizeModule } from '@nestjs/sequelize';
import { StreamSnapshotEntity } from './entities/stream-snapshot.entity';
import { StreamEntity } from './entities/stream.entity';
import { LatestSnapshotService } from './latest-snapshot.service';
import { SnapshotRepository } from './snapshot.repository';
import { StreamsService } from './streams.service';

/**
 * Reading the stored snapshots, without the job that fetches them from Twitch: what other features need
 * (stream lookups for graph nodes) without pulling in the Twitch clients.
 */
@Module({
  imports: [SequelizeModule.forFeature([StreamSnapshotEntity, StreamEntity])],
  providers: [SnapshotRepository, LatestSnapshotService, StreamsService],
  exports: [SnapshotRepository, LatestSnapshotService, StreamsService],
})
export class SnapshotsModule {}
