import { Logger } from '@nestjs/common';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DEFAULT_TRACKER_PAIRING } from '../../src/config';
import { FALSE_POSITIVE_CAUSES, type SourceAccuracy } from './accuracy-matching';
import type { LatencySummary, SourceReport } from './accuracy-report';
import { explainAccuracy } from './accuracy-explanation';
import {
  type AccuracyOptions,
  type AccuracyReport,
  type AccuracySource,
  evaluateAccuracy,
} from './evaluate-accuracy';
import { evaluateToday, type TodayOptions } from './evaluate-today';
import { renderTodaySection, TODAY_MARKER } from './today-render';

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

/** The targets, judged on the projected truth (see the page for why) and the latency from the join. */
function targetLine(report: AccuracyReport): string {
  const chatters = report.sources.CHATTERS;
  if (chatters === undefined)
    return 'Target (CHATTERS precision ≥ 98 %, recall ≥ 95 %, latency p95 ≤ 2 polls): CHATTERS not evaluated.';
  const { precision, recall } = chatters.projected;
  const p95 = chatters.latency.p95Ms / report.options.pollIntervalMs;
  const met = precision >= 0.98 && recall >= 0.95 && p95 <= 2;
  return (
    `Target, CHATTERS with \`TRACKER_PAIRING=${report.options.pairing}\`` +
    `${report.options.pairing === DEFAULT_TRACKER_PAIRING ? ' (the default)' : ''} against the projected truth: ` +
    `precision ${pct(precision)} (≥ 98 %), recall ${pct(recall)} (≥ 95 %), latency from the join p95 ` +
    `${p95.toFixed(2)} polls (≤ 2): ${met ? 'met' : 'NOT met'}.`
  );
}

/** Both pairing modes side by side, per source: what `live` gains in latency and gives up in accuracy. */
function pairingTable(report: AccuracyReport): string[] {
  const poll = report.options.pollIntervalMs;
  const polls = (ms: number) => (ms / poll).toFixed(2);
  const modes = Object.entries(report.pairings);
  if (modes.length < 2) return [];
  const rows = Object.keys(report.sources).flatMap((source) =>
    modes.map(([mode, bySource]) => {
      const s = bySource?.[source as keyof typeof bySource];
      if (s === undefined) return `| ${source} | ${mode} | not evaluated |`;
      const a = s.projected;
      const name = mode === DEFAULT_TRACKER_PAIRING ? `${mode} (default)` : mode;
      return (
        `| ${source} | ${name} | ${pct(a.precision)} | ${pct(a.recall)} | ${a.falsePositives} | ` +
        `${a.falseNegatives} | ${polls(s.latency.p50Ms)} | ${polls(s.latency.p95Ms)} | ` +
        `${polls(s.latencyFromBoth.p50Ms)} | ${polls(s.latencyFromBoth.p95Ms)} |`
      );
    }),
  );
  return [
    '**Pairing modes** (`TRACKER_PAIRING`), run side by side on the same polls and chat lines: `exact` releases a',
    'pair once no nearer leave or join can still arrive (the definition), `live` as soon as both sides are seen,',
    'nearest among the events pending then. Against the projected truth; latency in poll intervals, from the join',
    'and from the later of the two sides:',
    '',
    '| source | pairing | precision | recall | FP | FN | p50 from join | p95 from join | p50 from later side | p95 from later side |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
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
      `membership batches ${o.membershipBatchMs / 1000} s, \`TRACKER_PAIRING=${o.pairing}\`. Evaluated: the ${report.evaluatedMinutes} minutes ` +
      `after the first window and before the last, with ${report.trueMigrations.projected} migrations in the ` +
      `projected truth and ${report.trueMigrations.raw} raw hops between monitored channels. ` +
      `Real time: ${(report.realTimeMs / 1000).toFixed(0)} s.`,
    '',
    targetLine(report),
    '',
    ...pairingTable(report),
    '',
    `The tables below are those of \`${o.pairing}\` pairing.`,
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
    `Command: \`${COMMAND}\` (both scenarios; \`-- --scenario ideal\` this one alone, with all three sources; ` +
      '`--source CHATTERS|MEMBERSHIP|ACTIVITY`, `--seed`, ' +
      '`--channels`, `--minutes`, `--poll`, `--window` in seconds, `--pairing exact|live` for the main tables ' +
      '(`--no-compare`: that mode only), `--out FILE` instead of this page, ' +
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

/** `--scenario`: the idealized engines over 50 channels, the deployed tracker over 1,000 (today), or both. */
type Scenario = 'ideal' | 'today' | 'all';

function todayOptions(): Partial<TodayOptions> {
  const options: Partial<TodayOptions> = { seed: numberArg('seed', 1) };
  const set = (name: string, key: keyof TodayOptions) => {
    if (arg(name) !== undefined) options[key] = Number(arg(name));
  };
  set('today-minutes', 'simulatedMinutes');
  set('today-channels', 'channels');
  set('today-world', 'worldChannels');
  set('today-scale', 'audienceScale');
  return options;
}

export async function main(): Promise<void> {
  const scenario = (arg('scenario') ?? 'all') as Scenario;
  if (!['ideal', 'today', 'all'].includes(scenario)) throw new Error(`Unknown --scenario ${scenario}`);
  const file = resolve(arg('out') ?? resolve(__dirname, '../../../docs/accuracy.md'));
  // One scenario alone replaces its own section of the page and keeps the other's.
  const previous = await readFile(file, 'utf8').catch(() => '');
  const at = previous.indexOf(TODAY_MARKER);
  let idealPart = at >= 0 ? previous.slice(0, at) : previous;
  let todayPart = at >= 0 ? previous.slice(at) : '';
  if (scenario !== 'today') {
    const options: AccuracyOptions = {
      seed: numberArg('seed', 1),
      channels: numberArg('channels', 50),
      simulatedMinutes: numberArg('minutes', 120),
      pollIntervalMs: numberArg('poll', 60) * 1000,
      windowMs: numberArg('window', 300) * 1000,
      source: (arg('source') ?? 'ALL') as AccuracySource,
      comparePairings: !process.argv.includes('--no-compare'),
    };
    const pairing = arg('pairing');
    if (pairing !== undefined) {
      if (pairing !== 'exact' && pairing !== 'live')
        throw new Error(`--pairing: exact or live, not "${pairing}"`);
      options.pairing = pairing;
    }
    logger.log(`Evaluating ${JSON.stringify(options)}`);
    const report = await evaluateAccuracy(options);
    idealPart = renderAccuracyReport(report);
    const dump = arg('dump');
    if (dump !== undefined) await writeFile(dump, JSON.stringify(report));
  }
  if (scenario !== 'ideal') {
    const options = todayOptions();
    logger.log(`Evaluating the deployed tracker on today's Twitch ${JSON.stringify(options)}`);
    const report = await evaluateToday(options);
    todayPart = renderTodaySection(report, `${COMMAND} -- --scenario today`);
    const dump = arg('dump-today');
    if (dump !== undefined) await writeFile(dump, JSON.stringify(report));
  }
  const markdown = todayPart === '' ? idealPart : `${idealPart.trimEnd()}\n\n${todayPart}`;
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
