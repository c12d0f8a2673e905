import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseDatabaseUrl } from '../../src/config';
import { createSequelize } from '../../src/database/sequelize-options';
import { ensureBuiltService, ServiceProcess } from '../support/service-process';

/** `dist/src/main.js` as a person starts it: a bad setting is one line and exit code 1, nothing after. */
describe('Start-up failures of the built service', () => {
  beforeAll(async () => {
    await ensureBuiltService();
  }, 300_000);

  async function failedStart(env: Record<string, string>) {
    const service = new ServiceProcess({ PORT: '0', HOST: '127.0.0.1', ...env });
    // Generous: two cores shared by parallel suites can take half a minute to load the service.
    const exit = await service.exitWithin(60_000);
    const output = service.output;
    await service.kill();
    return { exit, output };
  }

  function expectOneLine(result: Awaited<ReturnType<typeof failedStart>>, reason: RegExp) {
    expect(result.exit).toEqual({ code: 1, signal: null });
    const errors = result.output.filter((line) => / ERROR /.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Start-up failed: /);
    expect(errors[0]).toMatch(reason);
    // No stack trace, no dump of the error's fields.
    expect(result.output.filter((line) => /^\s+at |^\s*[{}]|^\w*Error: /.test(line))).toEqual([]);
  }

  it('DATABASE_URL=nonsense', async () => {
    expectOneLine(await failedStart({ DATABASE_URL: 'nonsense' }), /Invalid setting DATABASE_URL/);
  }, 90_000);

  const postgres = process.env.TEST_POSTGRES_URL;
  (postgres ? describe : describe.skip)('on PostgreSQL (TEST_POSTGRES_URL)', () => {
    const user = `tmt_limited_${randomBytes(5).toString('hex')}`;
    const admin = postgres ? createSequelize({ ...parseDatabaseUrl(postgres), logging: false }) : undefined;

    beforeAll(async () => {
      await admin!.query(`CREATE ROLE ${user} LOGIN`);
    });

    afterAll(async () => {
      await admin!.query(`DROP ROLE IF EXISTS ${user}`);
      await admin!.close();
    });

    it('a database that does not exist and that the user may not create: one line at once, no retries', async () => {
      const url = new URL(postgres!);
      url.username = user;
      url.pathname = '/tmt_nonexistent';
      const result = await failedStart({ DATABASE_URL: url.toString() });
      expectOneLine(
        result,
        /database "tmt_nonexistent" does not exist .* may not create it: run CREATE DATABASE/,
      );
      // Before, @nestjs/sequelize tried 10 times, 3 s apart, each with a stack trace.
      expect(result.output.filter((line) => /Retrying|trying again/.test(line))).toEqual([]);
    }, 90_000);
  });
});
