import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlTargets } from '../test/support/sql-test-database';
import type { BenchSection } from './bench-utils';
import { type CpuProfile, type ProfileShare, summarizeProfile } from './cpu-profile';
import { type Build, load, QUERIES, startService } from './http-load.bench';

/** Functions whose time with their callees says which layer of the request path costs what. */
const WATCHED = [
  'processRequest',
  'runHttpQuery',
  'parse',
  'validate',
  'execute',
  'verify',
  'canActivate',
  'transform',
];
const TOP = 12;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const rows = (shares: readonly ProfileShare[], count = TOP) =>
  shares.slice(0, count).map((s) => `| \`${s.name.replace(/\|/g, '\\|')}\` | ${percent(s.share)} |`);

/**
 * The built service under `node --cpu-prof`, loaded with one query at a time on SQLite (the profile is the
 * service's alone; the database's CPU is not in it). The summary covers the load's seconds only.
 */
export async function benchHttpProfile(options: { seconds: number; build: Build }): Promise<BenchSection> {
  const lines: string[] = [];
  const sqlite = sqlTargets().find((target) => !target.serverUrl)!;
  for (const { label, query } of QUERIES.slice(0, 3)) {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-cpu-prof-'));
    try {
      const service = await startService(options.build, sqlite, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      let loadStartedAt = 0;
      let result;
      try {
        await load(service, query, 2);
        loadStartedAt = Date.now();
        result = await load(service, query, options.seconds);
      } finally {
        await service.stop();
      }
      const windowMs = Date.now() - loadStartedAt;
      const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
      if (!file) throw new Error('The service wrote no CPU profile');
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      const summary = summarizeProfile(profile, windowMs, WATCHED);
      lines.push(
        `### ${label}`,
        '',
        `${result.requestsPerSecond.toFixed(0)} requests/s under the profiler, ` +
          `${summary.busySamples} busy samples.`,
        '',
        '| where (self time) | share |',
        '|---|---:|',
        ...rows(summary.places, 10),
        '',
        '| function (self time) | share |',
        '|---|---:|',
        ...rows(summary.functions),
        '',
        '| inside (with its callees) | share |',
        '|---|---:|',
        ...rows(summary.inclusive, WATCHED.length),
        '',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    title: `Where a request spends its CPU: ${options.build.name}`,
    lines: [
      `The built service on SQLite under \`node --cpu-prof\`, loaded as in the section above for ` +
        `${options.seconds} s per query after a 2 s warm-up; shares of the samples taken during the load, ` +
        'idle left out. "Inside" counts a sample for every watched function on its stack (a name may match ' +
        'more than one function).',
      '',
      ...lines,
      'Measured by `npm run bench -- --only=profile [--before=<checkout of another commit, built>]`.',
    ],
  };
}
