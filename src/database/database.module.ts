import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectConnection, SequelizeModule } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
import { databaseConfig } from '../config';
import { migrateSchema } from './schema-migrator';
import { buildSequelizeOptions } from './sequelize-options';

@Injectable()
export class SchemaMigrationRunner implements OnModuleInit {
  constructor(@InjectConnection() private readonly sequelize: Sequelize) {}

  async onModuleInit(): Promise<void> {
    if (this.sequelize.getDialect() === 'sqlite') {
      // WAL lets readers (GraphQL) proceed while the snapshot job writes.
      await this.sequelize.query('PRAGMA journal_mode = WAL');
      await this.sequelize.query('PRAGMA foreign_keys = ON');
    }
    await migrateSchema(this.sequelize);
  }
}

@Module({
  imports: [
    SequelizeModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig>) => buildSequelizeOptions(config),
    }),
  ],
  providers: [SchemaMigrationRunner],
})
export class DatabaseModule {}
