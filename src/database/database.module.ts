import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectConnection, SequelizeModule } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
import { databaseConfig } from '../config';
import { DatabaseIdentityRepository } from './database-identity.repository';
import { migrateSchema, withSchemaConnection } from './schema-migrator';
import { buildSequelizeOptions } from './sequelize-options';

@Injectable()
export class SchemaMigrationRunner implements OnModuleInit {
  constructor(
    @InjectConnection() private readonly sequelize: Sequelize,
    private readonly identity: DatabaseIdentityRepository,
    @Inject(databaseConfig.KEY) private readonly config: ConfigType<typeof databaseConfig>,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.sequelize.getDialect() === 'sqlite') {
      // WAL lets readers (GraphQL) proceed while the snapshot job writes.
      await this.sequelize.query('PRAGMA journal_mode = WAL');
      await this.sequelize.query('PRAGMA foreign_keys = ON');
    }
    await withSchemaConnection(this.sequelize, this.config, migrateSchema);
    // Here rather than in its own hook: Nest runs a module's init hooks concurrently, and the row
    // exists only once the migrations have run.
    await this.identity.load();
  }
}

@Module({
  imports: [
    SequelizeModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig>) => buildSequelizeOptions(config),
    }),
  ],
  providers: [SchemaMigrationRunner, DatabaseIdentityRepository],
  exports: [DatabaseIdentityRepository],
})
export class DatabaseModule {}
