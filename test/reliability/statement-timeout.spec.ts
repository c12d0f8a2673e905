import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryTypes } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { parseDatabaseUrl } from '../../src/config';
import { withSchemaConnection } from '../../src/database/schema-migrator';
import { createSequelize } from '../../src/database/sequelize-options';
import { describeSqlServers, type SqlServerTarget } from '../support/sql-suites';
import { createScratchDatabase } from '../support/sql-test-database';
import { reportProbe } from './probe-report';

/** Issue 8, item 3: database statements have a timeout (DATABASE_STATEMENT_TIMEOUT), migrations do not. */
const TIMEOUT_MS = 100;

interface Dialect {
  name: string;
  url: () => string;
  /** A statement that sleeps `seconds`. */
  sleep: (seconds: number) => string;
}

/** The drivers of a server: the mariadb driver, and mysql2 (mysql://) against the same server. */
function dialectsOf(target: SqlServerTarget): Dialect[] {
  if (target.name === 'postgres')
    return [{ name: 'postgres', url: () => target.serverUrl, sleep: (s) => `SELECT pg_sleep(${s})` }];
  const sleep = (seconds: number) => `SELECT SLEEP(${seconds}) AS slept`;
  return [
    { name: 'mariadb', url: () => target.serverUrl, sleep },
    { name: 'mysql2', url: () => target.serverUrl.replace(/^mariadb:/, 'mysql:'), sleep },
  ];
}

function statementTimeoutSuite({ name, url, sleep }: Dialect): void {
  let scratch: { url: string; drop(): Promise<void> };
  let bounded: Sequelize;
  let config: ReturnType<typeof parseDatabaseUrl> & { logging: false; statementTimeoutMs: number };

  beforeAll(async () => {
    scratch = await createScratchDatabase({ name, serverUrl: url() });
    config = { ...parseDatabaseUrl(scratch.url), logging: false, statementTimeoutMs: TIMEOUT_MS };
    bounded = createSequelize(config);
  });

  afterAll(async () => {
    await bounded?.close();
    await scratch?.drop();
  });

  it('ends a statement that runs longer, and the connection stays usable', async () => {
    const started = Date.now();
    const outcome = await bounded.query(sleep(3), { type: QueryTypes.SELECT }).then(
      () => 'completed',
      (error: Error) => error.message,
    );
    const ms = Date.now() - started;
    const cut = outcome !== 'completed' && ms < 3_000;
    reportProbe({
      item: 3,
      probe: `${name}: a 3 s statement with DATABASE_STATEMENT_TIMEOUT=${TIMEOUT_MS / 1000}s`,
      expected: `the statement is cancelled after about ${TIMEOUT_MS} ms`,
      observed: `${outcome.split('\n')[0]} after ${ms} ms`,
      pass: cut,
    });
    expect(outcome).not.toBe('completed');
    expect(ms).toBeLessThan(3_000);
    expect(await bounded.query('SELECT 1 AS one', { type: QueryTypes.SELECT })).toEqual([{ one: 1 }]);
  });

  it('leaves schema migrations unbounded', async () => {
    const outcome = await withSchemaConnection(bounded, config, (unbounded) =>
      unbounded.query(sleep(0.2), { type: QueryTypes.SELECT }),
    ).then(
      () => 'completed',
      (error: Error) => error.message,
    );
    reportProbe({
      item: 3,
      probe: `${name}: a 0.2 s statement on the schema-migration connection, same setting`,
      expected: 'completes (migrations such as the rollups backfill are never cut)',
      observed: outcome.split('\n')[0],
      pass: outcome === 'completed',
    });
    expect(outcome).toBe('completed');
  });
}

describeSqlServers('DATABASE_STATEMENT_TIMEOUT', (target) => {
  for (const dialect of dialectsOf(target))
    describe(`through ${dialect.name}`, () => statementTimeoutSuite(dialect));
});
