import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROBE_DIR_VARIABLE } from './probe-report';

/** A folder for the probes' rows; workers inherit the variable (they start after this runs). */
// eslint-disable-next-line no-restricted-syntax -- Jest loads the default export
export default function globalSetup(): void {
  process.env[PROBE_DIR_VARIABLE] = mkdtempSync(join(tmpdir(), 'tmt-probes-'));
}
