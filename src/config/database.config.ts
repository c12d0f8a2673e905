import { registerAs } from '@nestjs/config';
import { ConfigValidationError, EnvReader } from './env-reader';

export type SqlDialect = 'sqlite' | 'postgres' | 'mysql' | 'mariadb';

export interface DatabaseConfig {
  url: string;
  dialect: SqlDialect;
  /** File path (or `:memory:`) for SQLite; undefined for server dialects. */
  storage?: string;
  logging: boolean;
  /** Longest a statement may run on PostgreSQL, MariaDB or MySQL; 0 for no limit. */
  statementTimeoutMs: number;
}

const DIALECT_BY_PROTOCOL: Record<string, SqlDialect> = {
  'sqlite:': 'sqlite',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mariadb',
};

/** Reads a `DATABASE_URL`-style string: `sqlite:./data/x.sqlite`, `sqlite::memory:`, `postgres://…`, `mysql://…`, `mariadb://…`. */
export function parseDatabaseUrl(
  url: string,
  setting = 'DATABASE_URL',
): Pick<DatabaseConfig, 'url' | 'dialect' | 'storage'> {
  const protocol = /^[a-z]+:/i.exec(url)?.[0].toLowerCase() ?? '';
  const dialect = DIALECT_BY_PROTOCOL[protocol];
  if (!dialect) {
    throw new ConfigValidationError(setting, 'sqlite:<file>, postgres://…, mysql://… or mariadb://…', url);
  }
  if (dialect === 'sqlite') {
    const storage = url.slice(protocol.length).replace(/^\/\//, '');
    if (!storage) throw new ConfigValidationError(setting, 'a SQLite file path after sqlite:', url);
    return { url, dialect, storage };
  }
  try {
    new URL(url);
  } catch {
    throw new ConfigValidationError(setting, 'a valid URL', url);
  }
  return { url, dialect };
}

export const databaseConfig = registerAs('database', (): DatabaseConfig => {
  const env = new EnvReader();
  return {
    ...parseDatabaseUrl(env.string('DATABASE_URL', 'sqlite:./data/tracker.sqlite')),
    logging: env.boolean('DATABASE_LOGGING', false),
    statementTimeoutMs: env.durationMs('DATABASE_STATEMENT_TIMEOUT', '60s'),
  };
});
