import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const FORCED_EXIT = 'A worker process has failed to exit gracefully';

/**
 * Runs the worker-ending fixtures with the project's Jest config on two workers (a fresh cache: with no
 * timings Jest does not run two files in band) and returns what Jest printed on stderr.
 */
function runFixtures(ending: 'slow' | 'leak'): Promise<string> {
  const cache = mkdtempSync(join(tmpdir(), 'tmt-worker-exit-'));
  const env = { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', WORKER_ENDING: ending };
  const args = [
    'node_modules/jest/bin/jest.js',
    `--cacheDirectory=${cache}`,
    '--maxWorkers=2',
    '--testMatch',
    '**/test/support/fixtures/worker-ending-*.fixture.ts',
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, timeout: 60_000 }, (error, _stdout, stderr) => {
      rmSync(cache, { recursive: true, force: true });
      if (!stderr.includes('Tests:       2 passed, 2 total')) {
        reject(
          new Error(`The fixtures did not pass (${error?.message ?? 'no error'}): ${stderr.slice(-2000)}`),
        );
      } else {
        resolve(stderr);
      }
    });
  });
}

describe('ending the test workers', () => {
  it('lets a worker that exits by itself take its time to tear down', async () => {
    expect(await runFixtures('slow')).not.toContain(FORCED_EXIT);
  }, 60_000);

  it('still reports a worker that a leaked handle keeps open', async () => {
    expect(await runFixtures('leak')).toContain(FORCED_EXIT);
  }, 60_000);
});
