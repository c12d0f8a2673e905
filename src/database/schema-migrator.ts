import { Logger } from '@nestjs/common';
import type { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { schemaMigrations } from './migrations';

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
