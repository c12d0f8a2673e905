import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MongoBinary } from 'mongodb-memory-server';

interface AssertionResult {
  title: string;
  ancestorTitles: string[];
  status: 'passed' | 'failed' | 'pending' | 'skipped' | 'todo';
}

interface JestJson {
  testResults: Array<{ name: string; assertionResults: AssertionResult[] }>;
}

/** The settings that turn the server suites on; none of them is passed to the run below. */
const SERVER_SETTINGS = ['TEST_POSTGRES_URL', 'TEST_MARIADB_URL', 'MONGODB_URI', 'MONGOMS_SYSTEM_BINARY'];

/** Runs Jest on `suites` as `npm test` would on a machine without any server, and reads its JSON report. */
function runWithoutServers(suites: string[]): Promise<JestJson> {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-skips-'));
  const output = join(dir, 'results.json');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' };
  for (const setting of SERVER_SETTINGS) delete env[setting];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${output}`, '--runTestsByPath', ...suites],
      { env, timeout: 120_000 },
      (error, _stdout, stderr) => {
        try {
          resolve(JSON.parse(readFileSync(output, 'utf8')) as JestJson);
        } catch {
          reject(new Error(`Jest wrote no report (${error?.message ?? 'no error'}): ${stderr.slice(-2000)}`));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
}

const statuses = (results: AssertionResult[]) =>
  results.reduce<Record<string, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});

describe('a run without the database servers', () => {
  it('reports the suites it cannot run as skipped, naming the missing setting, and fails none', async () => {
    const report = await runWithoutServers([
      'src/database/database-identity.repository.spec.ts',
      'test/migration/mongoose-migration-repository.spec.ts',
    ]);
    const [sql, mongo] = ['database-identity', 'mongoose-migration'].map(
      (name) => report.testResults.find((suite) => suite.name.includes(name))!.assertionResults,
    );

    // Every dialect declares the same tests: SQLite's run, the servers' are skipped under their setting.
    const sqlite = sql.filter((r) => r.ancestorTitles.some((t) => t.endsWith('on sqlite')));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(statuses(sql)).toEqual({ passed: sqlite.length, pending: 2 * sqlite.length });
    for (const setting of ['TEST_POSTGRES_URL', 'TEST_MARIADB_URL']) {
      const skipped = sql.filter((r) => r.ancestorTitles.some((t) => t.includes(`(${setting} not set)`)));
      expect(skipped.map((r) => r.title)).toEqual(sqlite.map((r) => r.title));
    }

    // The Mongo contract is declared whole and skipped with its reason; nothing passes for it.
    expect(mongo.length).toBeGreaterThan(10);
    expect(statuses(mongo)).toEqual({ pending: mongo.length });
    expect(mongo[0].ancestorTitles[0]).toContain('MONGODB_URI or MONGOMS_SYSTEM_BINARY');
  }, 150_000);

  it('never downloads a MongoDB binary: without MONGOMS_SYSTEM_BINARY, finding one fails at once', async () => {
    // package.json's config sets mongodb-memory-server's RUNTIME_DOWNLOAD off; this machine has no mongod.
    const env = { ...process.env };
    delete process.env.MONGOMS_SYSTEM_BINARY;
    try {
      await expect(MongoBinary.getPath()).rejects.toThrow('RUNTIME_DOWNLOAD: "false"');
    } finally {
      process.env = env;
    }
  });
});
