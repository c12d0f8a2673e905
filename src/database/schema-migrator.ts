import { Logger } from '@nestjs/common';
import type { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { DatabaseConfig } from '../config';
import { schemaMigrations } from './migrations';
import { createSequelize } from './sequelize-options';

const logger = new Logger('SchemaMigrator');

/** Brings the schema up to date; safe to run at every start (applied migrations are recorded). */
export async function migrateSchema(sequelize: Sequelize): Promise<string[]> {
  const umzug = new Umzug({
    migrations: schemaMigrations,
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
  const applied = await umzug.up();
  if (applied.length > 0) logger.log(`Applied schema migrations: ${applied.map((m) => m.name).join(', ')}`);
  return applied.map((m) => m.name);
}

/**
 * Runs `work` on a connection without the statement timeout: schema migrations (the rollups backfill of
 * a big table) may take longer than any request should. SQLite has no statement timeout, so it keeps the
 * app's own connection.
 */
export async function withSchemaConnection<T>(
  sequelize: Sequelize,
  config: DatabaseConfig,
  work: (sequelize: Sequelize) => Promise<T>,
): Promise<T> {
  if (config.dialect === 'sqlite' || config.statementTimeoutMs <= 0) return work(sequelize);
  const unbounded = createSequelize({ ...config, statementTimeoutMs: 0 });
  try {
    return await work(unbounded);
  } finally {
    await unbounded.close();
  }
}
