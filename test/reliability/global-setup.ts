import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROBE_DIR_VARIABLE } from './probe-report';

/** The run's own temporary folder, removed by the global teardown. */
export const RUN_TMPDIR_VARIABLE = 'TMT_TEST_RUN_TMPDIR';

/**
 * Workers inherit what this sets (they start after it runs): TMPDIR, so that every scratch file of the run
 * (`sqlite::memory:` files, service folders, browser profiles) lands in one folder the teardown removes —
 * the exit-time cleanup of workers did not happen (two full runs left 61 `tmt-sqlite-*` folders of up to
 * 5 MB in /tmp) — and a folder for the probes' rows.
 */
// eslint-disable-next-line no-restricted-syntax -- Jest loads the default export
export default function globalSetup(): void {
  const runDir = mkdtempSync(join(tmpdir(), 'tmt-test-run-'));
  process.env[RUN_TMPDIR_VARIABLE] = runDir;
  process.env.TMPDIR = runDir;
  const probes = join(runDir, 'probes');
  mkdirSync(probes);
  process.env[PROBE_DIR_VARIABLE] = probes;
}
