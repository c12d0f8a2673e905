import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { parseDatabaseUrl } from '../config';
import { StartupError } from '../lifecycle/process-lifecycle';
import { describeSqlServers } from '../../test/support/sql-suites';
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
describeSqlServers('prepareDatabase', (target) => {
  const serverUrl = target.serverUrl;
  const suffix = randomBytes(5).toString('hex');
  const database = `tmt_prepare_${suffix}`;
  // A login that may connect but not create databases.
  const limitedUser = `tmt_limited_${suffix}`;
  // A retry would wait this long and outlast the test: the cases that must not retry fail instead.
  const noRetry = { attempts: 10, retryDelayMs: 600_000 };
  let admin: ReturnType<typeof createSequelize>;
  let hostPort: string;

  beforeAll(async () => {
    admin = createSequelize(config(serverUrl));
    hostPort = new URL(serverUrl).host;
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
    // No retries: the old start-up spent 25 s on "does not exist" before failing.
    await prepareDatabase(config(url), noRetry);
    const opened = createSequelize(config(url));
    await expect(opened.authenticate()).resolves.toBeUndefined();
    await opened.close();
    await expect(prepareDatabase(config(url))).resolves.toBeUndefined();
  });

  it('says in one line how to create it when the user may not, at once', async () => {
    const missing = `${database}_other`;
    const failure = await prepareDatabase(config(withPath(serverUrl, limitedUser, missing)), noRetry).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StartupError);
    const message = (failure as Error).message;
    expect(message).not.toContain('\n');
    // MariaDB does not tell a user without rights whether the database exists.
    expect(message).toContain(
      target.name === 'postgres'
        ? `database "${missing}" does not exist on ${hostPort} and user "${limitedUser}" may not create it`
        : `user "${limitedUser}" may not use database "${missing}" on ${hostPort}, which may not exist`,
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
