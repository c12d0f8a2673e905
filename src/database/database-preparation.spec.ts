import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseDatabaseUrl } from '../config';
import { StartupError } from '../lifecycle/process-lifecycle';
import { skipMissingSqlTargets } from '../../test/support/sql-skips';
import { sqlTargets } from '../../test/support/sql-test-database';
import { prepareDatabase } from './database-preparation';
import { createSequelize } from './sequelize-options';

const config = (url: string) => ({
  ...parseDatabaseUrl(url),
  logging: false,
  statementTimeoutMs: 0,
});

function withPath(serverUrl: string, user: string | undefined, database: string): string {
  const url = new URL(serverUrl);
  if (user) url.username = user;
  url.pathname = `/${database}`;
  return url.toString();
}

/** PostgreSQL 127.0.0.1:5432 and MariaDB 127.0.0.1:3306 as `.ci/run` starts them (TEST_*_URL). */
describe.each(sqlTargets().filter((target) => target.serverUrl))('prepareDatabase on $name', (target) => {
  const serverUrl = target.serverUrl!;
  const suffix = randomBytes(5).toString('hex');
  const database = `tmt_prepare_${suffix}`;
  // A login that may connect but not create databases.
  const limitedUser = `tmt_limited_${suffix}`;
  const admin = createSequelize(config(serverUrl));

  beforeAll(async () => {
    if (target.name === 'postgres') await admin.query(`CREATE ROLE ${limitedUser} LOGIN`);
    else await admin.query(`CREATE USER '${limitedUser}'@'%', '${limitedUser}'@'localhost'`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    if (target.name === 'postgres') await admin.query(`DROP ROLE IF EXISTS ${limitedUser}`);
    else await admin.query(`DROP USER IF EXISTS '${limitedUser}'@'%', '${limitedUser}'@'localhost'`);
    await admin.close();
  });

  it('creates a missing database the user may create, and leaves it as it is the next time', async () => {
    const url = withPath(serverUrl, undefined, database);
    const started = Date.now();
    await prepareDatabase(config(url), { attempts: 10, retryDelayMs: 3_000 });
    // No retries: the old start-up spent 25 s on "does not exist" before failing.
    expect(Date.now() - started).toBeLessThan(3_000);
    const opened = createSequelize(config(url));
    await expect(opened.authenticate()).resolves.toBeUndefined();
    await opened.close();
    await expect(prepareDatabase(config(url))).resolves.toBeUndefined();
  });

  it('says in one line how to create it when the user may not, at once', async () => {
    const missing = `${database}_other`;
    const started = Date.now();
    const failure = await prepareDatabase(config(withPath(serverUrl, limitedUser, missing)), {
      attempts: 10,
      retryDelayMs: 3_000,
    }).catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(failure).toBeInstanceOf(StartupError);
    const message = (failure as Error).message;
    expect(message).not.toContain('\n');
    // MariaDB does not tell a user without rights whether the database exists.
    expect(message).toContain(
      target.name === 'postgres'
        ? `database "${missing}" does not exist on 127.0.0.1:5432 and user "${limitedUser}" may not create it`
        : `user "${limitedUser}" may not use database "${missing}" on 127.0.0.1:3306, which may not exist`,
    );
    expect(message).toMatch(/CREATE DATABASE .*DATABASE_URL/);
  });

  it('names DATABASE_URL when the server does not answer, after its attempts', async () => {
    const closed = new URL(serverUrl);
    closed.port = '1';
    const failure = await prepareDatabase(config(withPath(closed.toString(), undefined, database)), {
      attempts: 2,
      retryDelayMs: 10,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as Error).message).toMatch(
      /^cannot connect to the database on 127\.0\.0\.1:1 \(DATABASE_URL\): .*ECONNREFUSED/,
    );
  });
});

skipMissingSqlTargets('prepareDatabase');
