import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { type BenchSection, machineDescription } from './bench-utils';
import { benchDashboard } from './dashboard.bench';
import { benchDetector } from './detector.bench';
import { benchHttpLoad, buildsToCompare } from './http-load.bench';
import { benchHttpProfile } from './http-profile.bench';
import { benchMigrationGraph } from './migration-graph.bench';
import { benchQueryCost } from './query-cost.bench';
import { benchStatsCompute } from './stats-compute.bench';
import { benchTopStreamsJob } from './top-streams-job.bench';
import { benchTracking } from './tracking.bench';
import { missingSqlTargets } from '../test/support/sql-test-database';

const logger = new Logger('Bench');

/**
 * `npm run bench` writes docs/benchmarks.md; `-- --quick` is a short smoke run and
 * `-- --only=stats,job,http,profile,detector,tracking,graph,cost,dashboard` runs some sections (both write
 * docs/benchmarks.quick.md instead). `--before=<checkout>` runs that checkout's build beside this one in the
 * http section and profiles it too in the profile section.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const sections: BenchSection[] = [];
  const wanted = (name: string) => !only || only.split(',').includes(name);
  if (wanted('stats')) sections.push(await benchStatsCompute(quick ? [1_000] : [1_000, 100_000]));
  if (wanted('job')) sections.push(await benchTopStreamsJob(quick ? 3 : 9));
  if (wanted('http')) {
    const builds = buildsToCompare(process.argv);
    sections.push(await benchHttpLoad({ rounds: quick ? 1 : 5, seconds: quick ? 2 : 6, builds }));
  }
  if (wanted('profile')) {
    for (const build of buildsToCompare(process.argv)) {
      sections.push(await benchHttpProfile({ seconds: quick ? 3 : 10, build }));
    }
  }
  if (wanted('detector')) sections.push(await benchDetector(quick));
  if (wanted('tracking')) {
    sections.push(
      await benchTracking(quick ? { rounds: 7, realTimeSeconds: 0 } : { rounds: 8, realTimeSeconds: 150 }),
    );
  }
  if (wanted('graph')) {
    sections.push(
      await benchMigrationGraph(quick ? { rows: 200_000, runs: 5 } : { rows: 10_000_000, runs: 15 }),
    );
  }

  if (wanted('cost')) {
    sections.push(
      await benchQueryCost(quick ? { migrations: 100_000, runs: 1 } : { migrations: 1_000_000, runs: 3 }),
    );
  }

  if (wanted('dashboard'))
    sections.push(await benchDashboard(quick ? { loads: 3, panSeconds: 2 } : { loads: 5, panSeconds: 3 }));

  const missing = missingSqlTargets();
  const report = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machineDescription()}.`,
    missing.length
      ? `SQL dialects not measured in this run (set ${missing.join(', ')} to include them).`
      : 'SQL dialects: SQLite, PostgreSQL and MariaDB (TEST_POSTGRES_URL, TEST_MARIADB_URL).',
    'The machine is shared and noisy: compare figures from the same run, not across runs.',
    '',
    ...sections.flatMap((section) => [`## ${section.title}`, '', ...section.lines, '']),
  ].join('\n');
  const target = join(__dirname, '..', '..', 'docs', quick || only ? 'benchmarks.quick.md' : 'benchmarks.md');
  writeFileSync(target, report);
  process.stdout.write(`${report}\n`);
  logger.log(`Written to ${target}`);
}

main().catch((error: Error) => {
  logger.error(error.stack ?? error.message);
  process.exitCode = 1;
});
