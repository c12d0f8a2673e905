import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SequelizeModule } from '@nestjs/sequelize';
import { MigrationRepository } from '../migration-repository.port';
import { MongooseMigrationRepository } from './mongoose/mongoose-migration.repository';
import { MigrationEdgeDocument, MigrationEdgeSchema } from './mongoose/schemas/migration-edge.schema';
import { createMigrationSchema, MigrationDocument } from './mongoose/schemas/migration.schema';
import { ViewerCountDocument, ViewerCountSchema } from './mongoose/schemas/viewer-count.schema';
import { MigrationEdgeHourEntity } from './sequelize/entities/migration-edge-hour.entity';
import { MigrationEntity } from './sequelize/entities/migration.entity';
import { ViewerCountEntity } from './sequelize/entities/viewer-count.entity';
import { SequelizeMigrationRepository } from './sequelize/sequelize-migration.repository';

export interface MigrationPersistenceOptions {
  /** Store in MongoDB (the app's MongooseModule connection) instead of the SQL database. */
  mongo?: { retentionSeconds: number };
}

/** Binds the MigrationRepository port to the SQL adapter, or to the Mongo one when `mongo` is given. */
@Module({})
export class MigrationPersistenceModule {
  static forRoot(options: MigrationPersistenceOptions = {}): DynamicModule {
    if (options.mongo) {
      return {
        module: MigrationPersistenceModule,
        imports: [
          MongooseModule.forFeature([
            { name: MigrationDocument.name, schema: createMigrationSchema(options.mongo.retentionSeconds) },
            { name: MigrationEdgeDocument.name, schema: MigrationEdgeSchema },
            { name: ViewerCountDocument.name, schema: ViewerCountSchema },
          ]),
        ],
        providers: [{ provide: MigrationRepository, useClass: MongooseMigrationRepository }],
        exports: [MigrationRepository],
      };
    }
    return {
      module: MigrationPersistenceModule,
      imports: [SequelizeModule.forFeature([MigrationEntity, MigrationEdgeHourEntity, ViewerCountEntity])],
      providers: [{ provide: MigrationRepository, useClass: SequelizeMigrationRepository }],
      exports: [MigrationRepository],
    };
  }
}
