import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { graphqlConfig, type MigrationConfig } from '../config';
import { SnapshotsModule } from '../streams/snapshots.module';
import { MigrationEventsService } from './migration-events.service';
import { MigrationNodeResolver } from './migration-node.resolver';
import { MigrationRetentionJob } from './migration-retention.job';
import { MigrationResolver } from './migration.resolver';
import { MigrationService } from './migration.service';
import { MigrationPersistenceModule } from './persistence/migration-persistence.module';

/**
 * Migration queries and the `migrationRecorded` subscription over the MigrationRepository port; it exports
 * the port and the events publisher for the tracker. The store is chosen when the module is built: MongoDB
 * when `mongoUri` is set, else the app's SQL database. Global, like the other forRoot modules, so that the
 * store is bound once and every module that needs it injects it without importing a second binding.
 */
@Module({})
export class MigrationModule {
  static forRoot(config?: Pick<MigrationConfig, 'mongoUri' | 'retentionMs'>): DynamicModule {
    const persistence = config?.mongoUri
      ? MigrationPersistenceModule.forRoot({
          mongo: { retentionSeconds: Math.round(config.retentionMs / 1000) },
        })
      : MigrationPersistenceModule.forRoot();
    return {
      module: MigrationModule,
      global: true,
      imports: [
        // The events service sizes its subscribers' queues (SUBSCRIPTION_QUEUE).
        ConfigModule.forFeature(graphqlConfig),
        ...(config?.mongoUri ? [MongooseModule.forRoot(config.mongoUri)] : []),
        persistence,
        SnapshotsModule,
      ],
      providers: [
        MigrationService,
        MigrationEventsService,
        MigrationResolver,
        MigrationNodeResolver,
        // MongoDB expires raw migrations through its TTL index.
        ...(config?.mongoUri ? [] : [MigrationRetentionJob]),
      ],
      exports: [MigrationService, MigrationEventsService, MigrationPersistenceModule],
    };
  }
}
