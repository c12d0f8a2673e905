import { Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FALSE_POSITIVE_CAUSES, type SourceAccuracy } from './accuracy-matching';
import type { LatencySummary, SourceReport } from './accuracy-report';
import { explainAccuracy } from './accuracy-explanation';
import {
  type AccuracyOptions,
  type AccuracyReport,
  type AccuracySource,
  evaluateAccuracy,
} from './evaluate-accuracy';

const COMMAND = 'npm run eval';
const logger = new Logger('RunAccuracy');

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function row(name: string, a: SourceAccuracy, toleranceMs: number, raw: boolean): string {
  const causes = FALSE_POSITIVE_CAUSES.map((c) => `${c} ${a.falsePositiveCauses[c]}`).join(', ');
  const defined = raw ? `; ${a.falsePositivesInReference} of them in the projected truth` : '';
  const visible = `${pct(a.visibleTruths === 0 ? 1 : a.visibleFound / a.visibleTruths)} of ${a.visibleTruths}`;
  const counts = `${a.truePositives} | ${a.falsePositives} | ${a.falseNegatives}`;
  return `| ${name} | ${pct(a.precision)} | ${pct(a.recall)} | ${pct(a.f1)} | ${counts} | ${visible} | ${toleranceMs / 1000} s | ${causes}${defined} |`;
}

function table(report: AccuracyReport, truth: 'raw' | 'projected'): string[] {
  const header = [
    '| source | precision | recall | F1 | TP | FP | FN | visible recall | match tolerance | false-positive causes |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = Object.entries(report.sources).map(([source, s]) =>
    row(source, s[truth], s.toleranceMs, truth === 'raw'),
  );
  if (truth === 'raw')
    rows.push(row('exact presence (the projected truth)', report.exactPresenceVsRaw, 0, false));
  return [...header, ...rows];
}

/** The target, judged on the projected truth (see the page for why). */
function targetLine(report: AccuracyReport): string {
  const chatters = report.sources.CHATTERS?.projected;
  if (chatters === undefined)
    return 'Target (CHATTERS precision ≥ 98 %, recall ≥ 95 %): CHATTERS not evaluated.';
  const met = chatters.precision >= 0.98 && chatters.recall >= 0.95;
  return (
    `Target, CHATTERS against the projected truth: precision ${pct(chatters.precision)} (≥ 98 %), ` +
    `recall ${pct(chatters.recall)} (≥ 95 %): ${met ? 'met' : 'NOT met'}.`
  );
}

/** How long after the join each source's migrations were released, in seconds and in poll intervals. */
function latencyTable(report: AccuracyReport): string[] {
  const poll = report.options.pollIntervalMs;
  const cell = (ms: number) => `${(ms / 1000).toFixed(0)} s (${(ms / poll).toFixed(2)} polls)`;
  const rows = (pick: (s: SourceReport) => LatencySummary) =>
    Object.entries(report.sources).map(([source, s]) => {
      const l = pick(s);
      return `| ${source} | ${l.count} | ${cell(l.p50Ms)} | ${cell(l.p95Ms)} | ${cell(l.maxMs)} |`;
    });
  return [
    '**Latency**: from the poll or chat line that saw the join to the migration released by the engine (what the',
    'tracker stores and publishes in the same round), for the migrations joining in the evaluated period; target',
    'for CHATTERS: p95 ≤ 2 poll intervals.',
    '',
    '| source | migrations | p50 | p95 | max |',
    '|---|---|---|---|---|',
    ...rows((s) => s.latency),
    '',
    'The same, counted from the later of the two sides (when the tracker had seen both the leave and the join; a',
    'join seen before its leave cannot make a migration yet):',
    '',
    '| source | migrations | p50 | p95 | max |',
    '|---|---|---|---|---|',
    ...rows((s) => s.latencyFromBoth),
  ];
}

/** The report as Markdown: both tables, what each figure means, and how to reproduce it. */
export function renderAccuracyReport(report: AccuracyReport): string {
  const o = report.options;
  return [
    '# Migration detection accuracy',
    '',
    `Seed ${o.seed}, ${report.monitored.length} monitored channels (the top live ones at the start), ` +
      `${o.simulatedMinutes} simulated minutes, ${o.pollIntervalMs / 1000} s polls, ${o.windowMs / 1000} s window, ` +
      `${o.leaveConfirmations} leave confirmation(s), activity TTL ${o.activityTtlMs / 1000} s, world of ` +
      `${o.worldChannels} channels at audience scale ${o.audienceScale}, chatters lag ${o.chattersLagMs / 1000} s, ` +
      `membership batches ${o.membershipBatchMs / 1000} s. Evaluated: the ${report.evaluatedMinutes} minutes ` +
      `after the first window and before the last, with ${report.trueMigrations.projected} migrations in the ` +
      `projected truth and ${report.trueMigrations.raw} raw hops between monitored channels. ` +
      `Real time: ${(report.realTimeMs / 1000).toFixed(0)} s.`,
    '',
    targetLine(report),
    '',
    '**Against the truth projected onto the monitored channels** (the migrations docs/architecture.md defines, from',
    "true presence; the issue's targets are judged on this one):",
    '',
    ...table(report, 'projected'),
    '',
    '**Against the raw hops between monitored channels** (`/sim/truth/migrations` without `channels`):',
    '',
    ...table(report, 'raw'),
    '',
    ...latencyTable(report),
    '',
    ...explainAccuracy(report),
    '',
    `Command: \`${COMMAND}\` (all three sources; \`-- --source CHATTERS|MEMBERSHIP|ACTIVITY\`, \`--seed\`, ` +
      '`--channels`, `--minutes`, `--poll`, `--window` in seconds, `--out FILE` instead of this page, ' +
      '`--dump FILE` writes every detection and both truths as JSON for tracing).',
    '',
  ].join('\n');
}

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function numberArg(name: string, fallback: number): number {
  const value = arg(name);
  return value === undefined ? fallback : Number(value);
}

export async function main(): Promise<void> {
  const options: AccuracyOptions = {
    seed: numberArg('seed', 1),
    channels: numberArg('channels', 50),
    simulatedMinutes: numberArg('minutes', 120),
    pollIntervalMs: numberArg('poll', 60) * 1000,
    windowMs: numberArg('window', 300) * 1000,
    source: (arg('source') ?? 'ALL') as AccuracySource,
  };
  logger.log(`Evaluating ${JSON.stringify(options)}`);
  const report = await evaluateAccuracy(options);
  const markdown = renderAccuracyReport(report);
  const dump = arg('dump');
  if (dump !== undefined) await writeFile(dump, JSON.stringify(report));
  const file = resolve(arg('out') ?? resolve(__dirname, '../../../docs/accuracy.md'));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, markdown);
  process.stdout.write(markdown);
  logger.log(`Wrote ${file}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
