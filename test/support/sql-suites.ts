import { describe } from '@jest/globals';
import { allSqlTargets, type SqlTarget } from './sql-test-database';

/** A target whose server is configured: the scratch databases go there. */
export type SqlServerTarget = SqlTarget & { serverUrl: string };

/**
 * Declares `suite` once per SQL target, titled `<title> on <dialect>`: SQLite, and PostgreSQL and MariaDB
 * on the servers `TEST_POSTGRES_URL` / `TEST_MARIADB_URL` name. A dialect whose URL is not set still
 * declares every test, skipped, under a title naming the missing setting, so that a run without the
 * servers counts as many tests (passed + skipped) as one with them. A skipped suite's hooks never run.
 */
export function describeSqlTargets(title: string, suite: (target: SqlTarget) => void): void {
  for (const target of allSqlTargets()) declare(title, target, suite);
}

/** The same for the server dialects alone (suites about what SQLite does not have). */
export function describeSqlServers(title: string, suite: (target: SqlServerTarget) => void): void {
  for (const target of allSqlTargets())
    if (target.setting) declare(title, target, suite as (target: SqlTarget) => void);
}

function declare(title: string, target: SqlTarget, suite: (target: SqlTarget) => void): void {
  if (target.setting && !target.serverUrl)
    describe.skip(`${title} on ${target.name} (${target.setting} not set)`, () => suite(target));
  else describe(`${title} on ${target.name}`, () => suite(target));
}
