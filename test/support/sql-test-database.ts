import { randomBytes } from 'node:crypto';
import type { ModelCtor, Sequelize } from 'sequelize-typescript';
import { parseDatabaseUrl } from '../../src/config';
import { migrateSchema } from '../../src/database/schema-migrator';
import { createSequelize } from '../../src/database/sequelize-options';

export interface SqlTarget {
  name: string;
  /** A URL for the server; each suite gets a fresh database of its own on it. */
  serverUrl?: string;
}

/** SQLite always; PostgreSQL and MariaDB when `TEST_POSTGRES_URL` / `TEST_MARIADB_URL` are set. */
export function sqlTargets(): SqlTarget[] {
  const targets: SqlTarget[] = [{ name: 'sqlite' }];
  if (process.env.TEST_POSTGRES_URL)
    targets.push({ name: 'postgres', serverUrl: process.env.TEST_POSTGRES_URL });
  if (process.env.TEST_MARIADB_URL)
    targets.push({ name: 'mariadb', serverUrl: process.env.TEST_MARIADB_URL });
  return targets;
}

export function missingSqlTargets(): string[] {
  return ['TEST_POSTGRES_URL', 'TEST_MARIADB_URL'].filter((name) => !process.env[name]);
}

export interface TestDatabase {
  url: string;
  sequelize: Sequelize;
  close(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** An empty database of its own on the target's server, for a whole app to migrate and use. */
export async function createScratchDatabase(target: SqlTarget & { serverUrl: string }): Promise<{
  url: string;
  drop(): Promise<void>;
}> {
  const database = `tmt_test_${randomBytes(5).toString('hex')}`;
  const admin = createSequelize({ ...parseDatabaseUrl(target.serverUrl), logging: false });
  await admin.query(`CREATE DATABASE ${database}`);
  return {
    url: withDatabase(target.serverUrl, database),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.close();
    },
  };
}

/** A fresh, migrated database for one suite; `close()` drops it again. */
export async function openTestDatabase(target: SqlTarget, models: ModelCtor[] = []): Promise<TestDatabase> {
  if (!target.serverUrl) {
    const url = 'sqlite::memory:';
    const sequelize = createSequelize({ ...parseDatabaseUrl(url), logging: false }, models);
    await migrateSchema(sequelize);
    return { url, sequelize, close: () => sequelize.close() };
  }
  const scratch = await createScratchDatabase({ ...target, serverUrl: target.serverUrl });
  const sequelize = createSequelize({ ...parseDatabaseUrl(scratch.url), logging: false }, models);
  await migrateSchema(sequelize);
  return {
    url: scratch.url,
    sequelize,
    async close() {
      await sequelize.close();
      await scratch.drop();
    },
  };
}
