import { execFile } from 'node:child_process';
import { Logger } from '@nestjs/common';
import {
  type PhaseRates,
  runDetectorThroughput,
  type ThroughputOptions,
  type ThroughputResult,
} from './detector-bench-kit';
import type { BenchSection } from './bench-utils';

const CHILD_FLAG = '--detector-bench-child';
const logger = new Logger('DetectorBench');

const hasGc = () => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** Memory per user is only meaningful with forced full GCs, so without `--expose-gc` a child gets it. */
function runInChild(options: ThroughputOptions): Promise<ThroughputResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', __filename, CHILD_FLAG, JSON.stringify(options)],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`detector bench child failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as ThroughputResult);
      },
    );
  });
}

const int = (x: number) => Math.round(x).toLocaleString('en');
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const bytes = (x: number) => x.toFixed(1);

function row(label: string, wall: PhaseRates, cpu: PhaseRates): string {
  return `| ${label} | ${int(wall.detector)} | ${int(wall.bare)} | ${pct(wall.ratio)} | ${pct(cpu.ratio)} |`;
}

/**
 * Issue 4's detector figures: throughput of the tracker core against a bare `Set` diff of the same
 * snapshots (1,000 channels × 1,000 chatters, 5 % churn) and its memory per tracked user.
 */
export async function benchDetector(quick: boolean): Promise<BenchSection> {
  const options: ThroughputOptions = {
    channels: 1000,
    chattersPerChannel: 1000,
    churn: 0.05,
    fillRounds: 5,
    rounds: quick ? 3 : 10,
    runs: quick ? 2 : 5,
  };
  const fill = options.fillRounds ?? 5;
  const all = 1 + fill + options.rounds;
  logger.log(`${options.runs} runs of ${all} rounds${hasGc() ? '' : ' (in a node --expose-gc child)'}`);
  const r = hasGc() ? await runDetectorThroughput(options) : await runInChild(options);
  const total = r.heapBytesPerTrackedUser + r.arrayBufferBytesPerTrackedUser;
  return {
    title: 'Migration detector',
    lines: [
      `${int(options.channels)} channels × ${int(options.chattersPerChannel)} chatters, ${pct(options.churn)} of ` +
        `each channel's viewers replaced per 60 s round (30 % of them hop in from another channel). Both ` +
        `paths get the same seeded lists, made anew each round as fresh login strings (as each Get ` +
        `Chatters poll parses them; not timed), in one process, in lockstep round by round (alternating ` +
        `which goes first). **Detector**: the whole CHATTERS job: intern the logins, diff each list ` +
        `against the channel's presence, count presence per user for the bot rule, pair leaves with joins ` +
        `within the 300 s window, drop duplicates, release final migrations (${int(r.migrations)} per run). ` +
        `**Bare diff**: per channel, a \`Set<string>\` of the list, diffed both ways against the previous ` +
        `round's. A snapshot is one channel's list; rates and ratios are medians of ${r.runs} runs.`,
      '',
      '| rounds | detector snapshots/s | bare Set diff snapshots/s | detector ÷ bare (elapsed) | detector ÷ bare (CPU time) |',
      '|---|---:|---:|---:|---:|',
      row(`steady state (rounds ${fill + 2}–${all})`, r.steady, r.cpu.steady),
      row('first round (baseline)', r.firstRound, r.cpu.firstRound),
      row(`filling the window (rounds 2–${fill + 1})`, r.filling, r.cpu.filling),
      row(`all ${all} rounds`, r.overall, r.cpu.overall),
      '',
      `Target: detector ≥ 50 % of the bare diff's rate, judged on the steady state (a tracker runs for ` +
        `hours; its first round comes once per start): ${r.steady.ratio >= 0.5 ? 'met' : 'NOT met'}. The ` +
        `first round is slower because all ~${int(options.channels * options.chattersPerChannel)} logins ` +
        `are new: each is interned once (a random access into a table of every user) besides the ` +
        `per-channel entry the bare diff builds too. While the window fills, no pending event expires ` +
        `yet, so the detector has less to do than in the steady state. The CPU-time column (GC threads ` +
        `included) is less disturbed by other load on a shared machine than elapsed time.`,
      '',
      '| tracked users | present at the end | JS heap bytes/user | typed-array bytes/user | total bytes/user |',
      '|---:|---:|---:|---:|---:|',
      `| ${int(r.trackedUsers)} | ${int(r.presentUsers)} | ${bytes(r.heapBytesPerTrackedUser)} | ` +
        `${bytes(r.arrayBufferBytesPerTrackedUser)} | ${bytes(total)} |`,
      '',
      `Memory retained by interner, differ, bot filter and detector after the ${all} rounds (login ` +
        `strings included, the lists dropped), per user interned so far` +
        `${r.preciseMemory ? '' : ' (imprecise: run without --expose-gc)'}. Target ≤ 200 bytes per ` +
        `tracked user, heap and typed arrays together: ${total <= 200 ? 'met' : 'NOT met'}.`,
    ],
  };
}

if (require.main === module && process.argv[2] === CHILD_FLAG) {
  runDetectorThroughput(JSON.parse(process.argv[3]) as ThroughputOptions)
    .then((result) => process.stdout.write(JSON.stringify(result)))
    .catch((error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    });
}
