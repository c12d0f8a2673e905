import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of docs/reliability.md: what was tried, what should happen, what did. */
export interface ProbeRow {
  /** The item of issue 8's "Why" list the probe belongs to (1..11). */
  item: number;
  probe: string;
  expected: string;
  observed: string;
  pass: boolean;
}

/** Set by the global setup: every worker appends its rows there, the teardown writes them out. */
export const PROBE_DIR_VARIABLE = 'TMT_PROBE_DIR';

/**
 * Records a probe's outcome for the reliability matrix. The test still asserts on its own; the row says
 * what was seen, so a failing probe shows its observation in the report too.
 */
export function reportProbe(row: ProbeRow): void {
  const dir = process.env[PROBE_DIR_VARIABLE];
  if (!dir) return;
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(row)}\n`);
}
