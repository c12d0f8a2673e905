import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { DatabaseConfig } from '../config';
import { StartupError } from '../lifecycle/process-lifecycle';
import { createSequelize } from './sequelize-options';

const logger = new Logger('Database');

/** What the driver said: PostgreSQL's SQLSTATE or a socket code in `code`, MariaDB's and MySQL's number in `errno`. */
interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

function driverError(error: unknown): DriverError {
  const wrapped = error as { original?: DriverError; parent?: DriverError } & DriverError;
  return wrapped.original ?? wrapped.parent ?? wrapped;
}

/** The server is not there yet (a container still starting): worth another attempt. */
function isTransient({ code }: DriverError): boolean {
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN', '57P03'].includes(
    code ?? '',
  );
}

/** PostgreSQL 3D000 (invalid_catalog_name), MariaDB/MySQL 1049 (ER_BAD_DB_ERROR). */
function isMissingDatabase({ code, errno }: DriverError): boolean {
  return code === '3D000' || errno === 1049;
}

/** PostgreSQL 42501 (insufficient_privilege), MariaDB/MySQL 1044 (ER_DBACCESS_DENIED_ERROR). */
function isNotPermitted({ code, errno }: DriverError): boolean {
  return code === '42501' || errno === 1044;
}

interface ServerTarget {
  database: string;
  user: string;
  where: string;
  /** The same server and user, on a database that always exists (PostgreSQL's `postgres`) or none. */
  maintenanceUrl: string;
}

function serverTarget(config: DatabaseConfig): ServerTarget {
  const url = new URL(config.url);
  const maintenance = new URL(config.url);
  maintenance.pathname = config.dialect === 'postgres' ? '/postgres' : '/';
  return {
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    user: decodeURIComponent(url.username),
    where: url.host,
    maintenanceUrl: maintenance.toString(),
  };
}

async function createDatabase(config: DatabaseConfig, target: ServerTarget): Promise<void> {
  const admin = createSequelize({ ...config, url: target.maintenanceUrl, logging: false });
  const name = admin.getQueryInterface().quoteIdentifier(target.database);
  try {
    // PostgreSQL has no IF NOT EXISTS here: a second process that won the race answers 42P04, which is fine.
    await admin.query(
      config.dialect === 'postgres' ? `CREATE DATABASE ${name}` : `CREATE DATABASE IF NOT EXISTS ${name}`,
    );
    logger.log(`Created the database "${target.database}" on ${target.where}`);
  } catch (error) {
    const cause = driverError(error);
    if (cause.code === '42P04') return;
    if (isNotPermitted(cause)) {
      throw new StartupError(
        `database "${target.database}" does not exist on ${target.where} and user "${target.user}" may not ` +
          `create it: run CREATE DATABASE ${name}; as a user who may, or change DATABASE_URL`,
      );
    }
    throw new StartupError(
      `database "${target.database}" does not exist on ${target.where} and creating it failed ` +
        `(DATABASE_URL): ${cause.message ?? String(error)}`,
    );
  } finally {
    await admin.close();
  }
}

export interface PrepareDatabaseOptions {
  /** Connection attempts while the server does not answer yet. */
  attempts?: number;
  retryDelayMs?: number;
}

/**
 * Before the app starts: the server answers and the database of DATABASE_URL exists — created when it is
 * missing and the user may, otherwise a `StartupError` that says how. Only a server that does not answer
 * yet is tried again (`attempts`, `retryDelayMs` apart, one warning line each); a missing database, a
 * refused login or an unknown host fail at once, in one line. SQLite needs nothing (its file is created).
 */
export async function prepareDatabase(
  config: DatabaseConfig,
  { attempts = 10, retryDelayMs = 3_000 }: PrepareDatabaseOptions = {},
): Promise<void> {
  if (config.dialect === 'sqlite') return;
  const target = serverTarget(config);
  for (let attempt = 1; ; attempt++) {
    const probe = createSequelize({ ...config, logging: false });
    try {
      await probe.authenticate();
      return;
    } catch (error) {
      const cause = driverError(error);
      if (isMissingDatabase(cause)) {
        await createDatabase(config, target);
        return;
      }
      // MariaDB and MySQL answer a user without rights on a database the same whether it exists or not.
      if (isNotPermitted(cause)) {
        const name = probe.getQueryInterface().quoteIdentifier(target.database);
        throw new StartupError(
          `user "${target.user}" may not use database "${target.database}" on ${target.where}, which may not ` +
            `exist: run CREATE DATABASE IF NOT EXISTS ${name}; GRANT ALL ON ${name}.* TO '${target.user}'; as a ` +
            `user who may, or change DATABASE_URL`,
        );
      }
      const reason = `cannot connect to the database on ${target.where} (DATABASE_URL): ${cause.message ?? String(error)}`;
      if (!isTransient(cause) || attempt >= attempts) throw new StartupError(reason);
      logger.warn(`${reason}; trying again in ${retryDelayMs / 1000} s (${attempt}/${attempts})`);
    } finally {
      await probe.close();
    }
    await sleep(retryDelayMs);
  }
}
