import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { RUN_TMPDIR_VARIABLE } from './global-setup';
import { PROBE_DIR_VARIABLE, type ProbeRow } from './probe-report';

const ITEMS: Record<number, string> = {
  1: 'No secret in any answer',
  2: 'Query cost limits',
  3: 'Stop while Twitch hangs; outbound timeouts',
  4: 'Start-up that fails loudly',
  5: 'Durability across kill -9',
  6: 'Cache keys tied to the database',
  7: 'Redis down',
  8: '/health tells the truth',
  9: 'Bad input is a 4xx',
  10: 'Production mode and token claims',
  11: 'Explicit null arguments',
};

/** The database and cache servers the probes ran against (the rest reported their probes as skipped). */
function servers(): string {
  const named = [
    ['PostgreSQL', 'TEST_POSTGRES_URL'],
    ['MariaDB', 'TEST_MARIADB_URL'],
    ['Redis', 'TEST_REDIS_URL'],
  ].filter(([, variable]) => process.env[variable]);
  return named.length ? `SQLite, ${named.map(([name]) => name).join(', ')}` : 'SQLite only';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Writes the reliability report, then removes the run's temporary folder. */
// eslint-disable-next-line no-restricted-syntax -- Jest loads the default export
export default function globalTeardown(): void {
  try {
    writeReport();
  } finally {
    const runDir = process.env[RUN_TMPDIR_VARIABLE];
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  }
}

/** Writes docs/reliability.md (or RELIABILITY_REPORT's path) from the rows the probes recorded. */
function writeReport(): void {
  const dir = process.env[PROBE_DIR_VARIABLE];
  if (!dir) return;
  const rows: ProbeRow[] = readdirSync(dir).flatMap((file) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ProbeRow),
  );
  const target = process.env.RELIABILITY_REPORT;
  if (!target || rows.length === 0) return;
  const lines = [
    '# Reliability matrix',
    '',
    'Produced by `npm run reliability` (the probes of `test/reliability/`, which also run in `npm test`):',
    'each row is one probe, what the service must do, and what this run observed.',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ` +
      `Node ${process.version}. Servers: ${servers()}; no MongoDB (none can run here).`,
    `${rows.filter((r) => r.pass).length} of ${rows.length} probes passed.`,
  ];
  for (const item of [...new Set(rows.map((r) => r.item))].sort((a, b) => a - b)) {
    lines.push(
      '',
      `## ${item}. ${ITEMS[item] ?? ''}`,
      '',
      '| probe | expected | observed | |',
      '|---|---|---|---|',
    );
    for (const row of rows.filter((r) => r.item === item)) {
      lines.push(
        `| ${cell(row.probe)} | ${cell(row.expected)} | ${cell(row.observed)} | ${row.pass ? 'pass' : '**FAIL**'} |`,
      );
    }
  }
  writeFileSync(target, `${lines.join('\n')}\n`);
}
