import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger } from '@nestjs/common';
import type { SequelizeModuleOptions } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
import type { ModelCtor } from 'sequelize-typescript';
import type { DatabaseConfig } from '../config';

/** Connection options for a dialect; shared by the app module and the SQL test harness. */
export function buildSequelizeOptions(
  config: Pick<DatabaseConfig, 'url' | 'dialect' | 'storage' | 'logging'>,
) {
  const sqlLogger = new Logger('Sql');
  const common = {
    // Through Nest's logger (which redacts), not Sequelize's default console.log.
    logging: config.logging ? (sql: string) => sqlLogger.log(sql) : false,
    // The schema belongs to the versioned migrations, never to sync().
    synchronize: false,
    autoLoadModels: true,
    define: { underscored: true, timestamps: false },
    pool: { max: 10, min: 0, idle: 10_000 },
  } satisfies SequelizeModuleOptions;
  if (config.dialect === 'sqlite') {
    const storage = config.storage ?? ':memory:';
    if (storage !== ':memory:') mkdirSync(dirname(storage), { recursive: true });
    // One connection: SQLite serialises writers anyway, and a pool of one keeps `:memory:` a single database.
    return { ...common, dialect: 'sqlite', storage, pool: { max: 1, min: 1, idle: 60_000 } } as const;
  }
  return {
    ...common,
    dialect: config.dialect,
    uri: config.url,
    dialectOptions:
      config.dialect === 'mysql' || config.dialect === 'mariadb' ? { connectTimeout: 10_000 } : {},
  } as const;
}

/** A connection outside Nest (tests, benchmarks), built the way @nestjs/sequelize builds it. */
export function createSequelize(
  config: Pick<DatabaseConfig, 'url' | 'dialect' | 'storage' | 'logging'>,
  models: ModelCtor[] = [],
): Sequelize {
  const { uri, ...options } = { uri: undefined, ...buildSequelizeOptions(config) } as SequelizeModuleOptions;
  return uri ? new Sequelize(uri, { ...options, models }) : new Sequelize({ ...options, models });
}
