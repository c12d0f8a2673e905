import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createScratchDatabase, type SqlTarget } from '../test/support/sql-test-database';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (`p` in 0–100) of the values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `fn` `runs` times after `warmup` unmeasured runs; returns each run's milliseconds. */
export async function timeRuns(fn: () => unknown, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export interface BenchSection {
  title: string;
  /** Markdown lines: a table and the notes under it. */
  lines: string[];
}

/** A database of its own for one benchmark: a scratch database on a server dialect, a temporary SQLite file else. */
export async function benchDatabase(
  target: SqlTarget,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (target.serverUrl) {
    const scratch = await createScratchDatabase({ ...target, serverUrl: target.serverUrl });
    return { url: scratch.url, drop: () => scratch.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), `tmt-${name}-`));
  return {
    url: `sqlite:${join(dir, `${name}.sqlite`)}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
