import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { SequelizeModuleOptions } from '@nestjs/sequelize';
import { Transaction } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import sqlite3 from 'sqlite3';
import type { ModelCtor } from 'sequelize-typescript';
import type { DatabaseConfig } from '../config';

/** What a connection is built from; without `statementTimeoutMs` (tests, benchmarks) statements run unbounded. */
export type SequelizeConfig = Pick<DatabaseConfig, 'url' | 'dialect' | 'storage' | 'logging'> &
  Partial<Pick<DatabaseConfig, 'statementTimeoutMs'>>;

const CONNECT_TIMEOUT_MS = 10_000;
/**
 * PostgreSQL's client-side bound, for a server that stops answering at all (the server-side
 * statement_timeout answers first in every other case, so the connection stays usable).
 */
const CLIENT_TIMEOUT_MARGIN_MS = 5_000;

/** Runs one statement on a raw mysql2 connection (Sequelize's `afterConnect` hook gets no wrapper). */
function mysqlQuery<T>(connection: unknown, sql: string): Promise<T> {
  const raw = connection as { query(sql: string, callback: (error: Error | null, rows: T) => void): void };
  return new Promise((resolve, reject) =>
    raw.query(sql, (error, rows) => (error ? reject(error) : resolve(rows))),
  );
}

/**
 * The statement bound of each server dialect: PostgreSQL's `statement_timeout` (with a client-side
 * `query_timeout` a little later), MariaDB's `max_statement_time` set once per session, and for mysql2
 * (which has no such option) the session variable of the server it reached: MySQL's
 * `max_execution_time` (which bounds SELECTs only) or MariaDB's. SQLite has none: its driver waits at
 * most 1 s for a lock, and Sequelize cannot interrupt a statement.
 */
function statementTimeoutOptions(
  dialect: DatabaseConfig['dialect'],
  timeoutMs: number,
): { dialectOptions?: Record<string, number | string>; hooks?: SequelizeModuleOptions['hooks'] } {
  if (timeoutMs <= 0) return {};
  const mariadbLimit = `SET SESSION max_statement_time = ${timeoutMs / 1000}`;
  switch (dialect) {
    case 'postgres':
      return {
        dialectOptions: { statement_timeout: timeoutMs, query_timeout: timeoutMs + CLIENT_TIMEOUT_MARGIN_MS },
      };
    case 'mariadb':
      return { dialectOptions: { initSql: mariadbLimit } };
    case 'mysql':
      return {
        hooks: {
          afterConnect: async (connection: unknown) => {
            const [{ version }] = await mysqlQuery<{ version: string }[]>(
              connection,
              'SELECT VERSION() AS version',
            );
            await mysqlQuery(
              connection,
              /mariadb/i.test(version)
                ? mariadbLimit
                : `SET SESSION max_execution_time = ${Math.round(timeoutMs)}`,
            );
          },
        },
      };
    default:
      return {};
  }
}

/** node-sqlite3's own wait for another connection's lock. */
const SQLITE_DEFAULT_BUSY_MS = 1_000;

/**
 * The sqlite3 driver with every connection waiting up to `busyMs` for another connection's write lock
 * (DATABASE_STATEMENT_TIMEOUT) instead of the driver's 1 s: a snapshot written at start-up held it longer, and
 * the tracker's write at that moment failed with SQLITE_BUSY.
 */
function sqliteWithBusyTimeout(busyMs: number): object {
  class Database extends sqlite3.Database {
    constructor(filename: string, mode?: number, callback?: (error: Error | null) => void) {
      super(filename, mode, (error: Error | null) => {
        if (!error) this.configure('busyTimeout', busyMs);
        callback?.(error);
      });
    }
  }
  return { ...sqlite3, Database };
}

let scratchDirectory: string | undefined;

/**
 * Where `sqlite::memory:` lives: a private file removed when the process exits. Sequelize runs every
 * transaction of a real `:memory:` database on its one connection, so two at once interleave and one's COMMIT
 * ends the other's ("cannot commit - no transaction is active"); on a file each transaction gets its own
 * connection and SQLite's lock, as in production.
 */
function scratchSqliteFile(): string {
  if (scratchDirectory === undefined) {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-sqlite-'));
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
    scratchDirectory = directory;
  }
  return join(scratchDirectory, `${randomUUID()}.sqlite`);
}

/** Connection options for a dialect; shared by the app module and the SQL test harness. */
export function buildSequelizeOptions(config: SequelizeConfig) {
  const sqlLogger = new Logger('Sql');
  const common = {
    // Through Nest's logger (which redacts), not Sequelize's default of printing straight to stdout.
    logging: config.logging ? (sql: string) => sqlLogger.log(sql) : false,
    // The schema belongs to the versioned migrations, never to sync().
    synchronize: false,
    autoLoadModels: true,
    define: { underscored: true, timestamps: false },
    pool: { max: 10, min: 0, idle: 10_000 },
  } satisfies SequelizeModuleOptions;
  if (config.dialect === 'sqlite') {
    const storage = (config.storage ?? ':memory:') === ':memory:' ? scratchSqliteFile() : config.storage!;
    mkdirSync(dirname(storage), { recursive: true });
    // Sequelize opens a connection of its own for each transaction on a file, so writers meet SQLite's lock.
    // They take it when they begin (IMMEDIATE) and wait for it (sqliteWithBusyTimeout): a DEFERRED
    // transaction that read first fails at once with SQLITE_BUSY when another connection wrote meanwhile,
    // which no wait can cure.
    return {
      ...common,
      dialect: 'sqlite',
      storage,
      pool: { max: 1, min: 1, idle: 60_000 },
      transactionType: Transaction.TYPES.IMMEDIATE,
      dialectModule: sqliteWithBusyTimeout(config.statementTimeoutMs || SQLITE_DEFAULT_BUSY_MS),
    } as const;
  }
  const { dialectOptions: timeouts = {}, hooks } = statementTimeoutOptions(
    config.dialect,
    config.statementTimeoutMs ?? 0,
  );
  return {
    ...common,
    dialect: config.dialect,
    uri: config.url,
    dialectOptions: {
      ...(config.dialect === 'postgres'
        ? { connectionTimeoutMillis: CONNECT_TIMEOUT_MS }
        : { connectTimeout: CONNECT_TIMEOUT_MS }),
      ...timeouts,
    },
    ...(hooks ? { hooks } : {}),
  } as const;
}

/** A connection outside Nest (tests, benchmarks), built the way @nestjs/sequelize builds it. */
export function createSequelize(config: SequelizeConfig, models: ModelCtor[] = []): Sequelize {
  const { uri, ...options } = { uri: undefined, ...buildSequelizeOptions(config) } as SequelizeModuleOptions;
  return uri ? new Sequelize(uri, { ...options, models }) : new Sequelize({ ...options, models });
}
