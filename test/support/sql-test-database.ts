import { randomBytes } from 'node:crypto';
import type { ModelCtor, Sequelize } from 'sequelize-typescript';
import { parseDatabaseUrl } from '../../src/config';
import { migrateSchema } from '../../src/database/schema-migrator';
import { createSequelize } from '../../src/database/sequelize-options';

export interface SqlTarget {
  name: string;
  /** A URL for the server; each suite gets a fresh database of its own on it. */
  serverUrl?: string;
  /** The setting that names the server (none for SQLite, which needs no server). */
  setting?: string;
}

/** The server dialects the suites run on, each when its setting names a server. */
const SQL_SERVERS = [
  { name: 'postgres', setting: 'TEST_POSTGRES_URL' },
  { name: 'mariadb', setting: 'TEST_MARIADB_URL' },
] as const;

/** SQLite, then every server dialect, with its URL when its setting is set. */
export function allSqlTargets(): SqlTarget[] {
  return [
    { name: 'sqlite' },
    ...SQL_SERVERS.map(({ name, setting }) => ({
      name,
      setting,
      serverUrl: process.env[setting] || undefined,
    })),
  ];
}

/** SQLite always; PostgreSQL and MariaDB when `TEST_POSTGRES_URL` / `TEST_MARIADB_URL` are set. */
export function sqlTargets(): SqlTarget[] {
  return allSqlTargets().filter((target) => !target.setting || target.serverUrl);
}

/** The settings of the server dialects that are not set (a run without them says so). */
export function missingSqlTargets(): string[] {
  return allSqlTargets().flatMap((target) => (target.setting && !target.serverUrl ? [target.setting] : []));
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
