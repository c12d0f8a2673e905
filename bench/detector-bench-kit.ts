import { BotFilter } from '../src/tracker/bot-filter';
import { MigrationDetector } from '../src/tracker/migration-detector';
import { PresenceDiffer } from '../src/tracker/presence-differ';
import { UserInterner } from '../src/tracker/user-interner';

export interface ThroughputOptions {
  channels: number;
  chattersPerChannel: number;
  /** Share of each channel's viewers replaced per round (0.05 = 5 %). */
  churn: number;
  /** Measured steady-state rounds, after the baseline round and the rounds that fill the window. */
  rounds: number;
  /**
   * Rounds after the baseline before the steady state (default 5: the 300 s window over 60 s polls).
   * Until the window has passed, pending events only accumulate and none expires yet.
   */
  fillRounds?: number;
  /** Independent runs (fresh state each); figures are medians over them. */
  runs?: number;
  /** Share of the replacements that are viewers hopping in from another channel. */
  hopShare?: number;
  seed?: number;
}

/** Snapshots (one channel's list in one round) per second through each path, and their ratio. */
export interface PhaseRates {
  detector: number;
  bare: number;
  /** Median over runs of detector ÷ bare, each run's two paths timed side by side. */
  ratio: number;
}

export interface Phases {
  /** After the window has filled: the tracker's life once running (events arrive and expire). */
  steady: PhaseRates;
  /** The first round alone: every login interned, every channel's presence built from nothing. */
  firstRound: PhaseRates;
  /** The rounds between: events pile up in the window, none expires yet. */
  filling: PhaseRates;
  /** All rounds together, as one run. */
  overall: PhaseRates;
}

/** Rates from elapsed time; `cpu` has the same from process CPU time (steadier on a busy machine). */
export interface ThroughputResult extends Phases {
  cpu: Phases;
  runs: number;
  /** Retained JS heap of interner + differ + bot filter + detector (login strings included), per interned user. */
  heapBytesPerTrackedUser: number;
  /** Typed-array backing stores (outside the JS heap), per interned user. */
  arrayBufferBytesPerTrackedUser: number;
  /** Users interned so far (present now or seen earlier); the memory figures divide by this. */
  trackedUsers: number;
  /** Users present in some channel at the end. */
  presentUsers: number;
  /** Migrations the detector released (identical in every run: same seeded world). */
  migrations: number;
  /** False when run without `node --expose-gc`: memory figures then include garbage. */
  preciseMemory: boolean;
}

const POLL_MS = 60_000;
const floor = Math.floor;

/** Deterministic PRNG (mulberry32) so both paths and successive runs see the same world. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seeded world, one round at a time: viewer ids per channel, churned between rounds. Each
 * round's lists are fresh login strings, as every Get Chatters poll gives them (parsed anew, their
 * hashes not yet computed), and only two rounds live at once, as in a running tracker.
 */
class SnapshotStream {
  private readonly rand: () => number;
  private nextUser = 0;
  private current: number[][];
  private started = false;

  constructor(private readonly o: ThroughputOptions) {
    this.rand = seeded(o.seed ?? 1);
    this.current = Array.from({ length: o.channels }, () =>
      Array.from({ length: o.chattersPerChannel }, () => this.nextUser++),
    );
  }

  next(): string[][] {
    if (this.started) this.churn();
    this.started = true;
    return this.current.map((ids) => ids.map((id) => `user${id}`));
  }

  private churn(): void {
    const { o, rand } = this;
    const hopShare = o.hopShare ?? 0.3;
    const perRound = floor(o.chattersPerChannel * o.churn);
    const next = this.current.map((viewers) => viewers.slice());
    const hoppers: number[] = [];
    for (const viewers of next) {
      for (let k = 0; k < perRound; k++) {
        const i = floor(rand() * viewers.length);
        const gone = viewers[i];
        viewers[i] = viewers[viewers.length - 1];
        viewers.pop();
        if (rand() < hopShare) hoppers.push(gone);
      }
    }
    for (const viewers of next) {
      const present = new Set(viewers);
      while (viewers.length < o.chattersPerChannel) {
        const hopper = hoppers.length > 0 && rand() < hopShare ? hoppers.pop() : undefined;
        const id = hopper !== undefined && !present.has(hopper) ? hopper : this.nextUser++;
        present.add(id);
        viewers.push(id);
      }
    }
    this.current = next;
  }
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Full GCs with turns of the event loop between: typed-array stores are released after the GC itself. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The reference: per channel a Set<string> of logins diffed against the previous round's. */
class BareSetDiff {
  private prev: Set<string>[] = [];
  changes = 0;

  round(round: readonly string[][]): void {
    const prev = this.prev;
    for (let c = 0; c < round.length; c++) {
      const cur = new Set(round[c]);
      const before = prev[c];
      if (before !== undefined) {
        for (const l of cur) if (!before.has(l)) this.changes++;
        for (const l of before) if (!cur.has(l)) this.changes++;
      }
      prev[c] = cur;
    }
  }
}

/** The full job, as the tracker does it for the CHATTERS source. */
class TrackerCore {
  readonly interner = new UserInterner();
  private readonly bots = new BotFilter(this.interner);
  readonly differ = new PresenceDiffer({ counter: this.bots });
  private readonly detector = new MigrationDetector(this.interner, { bots: this.bots });
  migrations = 0;

  constructor(private readonly channelNames: readonly string[]) {}

  round(round: readonly string[][], at: number): void {
    const { differ, detector, interner, channelNames } = this;
    for (let c = 0; c < round.length; c++) {
      detector.applySnapshotDiff(differ.snapshotLogins(channelNames[c], round[c], interner, at), 'CHATTERS');
    }
    this.migrations += detector.advance(at).length;
  }

  presentUsers(): number {
    let n = 0;
    for (const name of this.channelNames) n += this.differ.presentCount(name);
    return n;
  }
}

/** Milliseconds spent by each path in each phase of one run. */
interface PhaseTimes {
  bareFirst: number;
  bareFilling: number;
  bareSteady: number;
  detectorFirst: number;
  detectorFilling: number;
  detectorSteady: number;
}

interface RunTimes {
  /** Elapsed time: what a rate means. */
  wall: PhaseTimes;
  /** Process CPU time (GC threads included): unlike elapsed time, not inflated while descheduled. */
  cpu: PhaseTimes;
  migrations: number;
}

/** A realistic clock (epoch ms): times as large as these are not small integers to V8. */
const START = Date.UTC(2026, 0, 1);
const DEFAULT_FILL_ROUNDS = 5;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function phaseOf(round: number, fillRounds: number): 'First' | 'Filling' | 'Steady' {
  if (round === 0) return 'First';
  return round <= fillRounds ? 'Filling' : 'Steady';
}

/**
 * Both paths in lockstep, round by round, alternating which goes first: on a shared machine the
 * load then weighs on both alike, and each keeps its own state between rounds as it would live.
 * Producing the lists is not timed.
 */
function runOnce(options: ThroughputOptions, channelNames: string[]): RunTimes {
  const fillRounds = options.fillRounds ?? DEFAULT_FILL_ROUNDS;
  const stream = new SnapshotStream(options);
  const bare = new BareSetDiff();
  const core = new TrackerCore(channelNames);
  const wall: PhaseTimes = {
    bareFirst: 0,
    bareFilling: 0,
    bareSteady: 0,
    detectorFirst: 0,
    detectorFilling: 0,
    detectorSteady: 0,
  };
  const cpu = { ...wall };
  gc();
  for (let r = 0; r <= fillRounds + options.rounds; r++) {
    const lists = stream.next();
    const phase = phaseOf(r, fillRounds);
    for (let turn = 0; turn < 2; turn++) {
      const isBare = (r + turn) % 2 === 0;
      const c0 = cpuMs();
      const t0 = performance.now();
      if (isBare) bare.round(lists);
      else core.round(lists, START + r * POLL_MS);
      const key: keyof PhaseTimes = `${isBare ? 'bare' : 'detector'}${phase}`;
      wall[key] += performance.now() - t0;
      cpu[key] += cpuMs() - c0;
    }
  }
  return { wall, cpu, migrations: core.migrations };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function rates(
  times: PhaseTimes[],
  snapshots: number,
  pick: (t: PhaseTimes) => [number, number],
): PhaseRates {
  const rate = (ms: number) => (snapshots / ms) * 1000;
  return {
    detector: median(times.map((t) => rate(pick(t)[0]))),
    bare: median(times.map((t) => rate(pick(t)[1]))),
    ratio: median(times.map((t) => pick(t)[1] / pick(t)[0])),
  };
}

function phases(times: PhaseTimes[], options: ThroughputOptions): Phases {
  const { channels, rounds } = options;
  const fillRounds = options.fillRounds ?? DEFAULT_FILL_ROUNDS;
  return {
    steady: rates(times, channels * rounds, (t) => [t.detectorSteady, t.bareSteady]),
    firstRound: rates(times, channels, (t) => [t.detectorFirst, t.bareFirst]),
    filling: rates(times, channels * fillRounds, (t) => [t.detectorFilling, t.bareFilling]),
    overall: rates(times, channels * (1 + fillRounds + rounds), (t) => [
      t.detectorFirst + t.detectorFilling + t.detectorSteady,
      t.bareFirst + t.bareFilling + t.bareSteady,
    ]),
  };
}

/**
 * Micro-benchmark (not a test): the same seeded snapshots through a bare Set<string> diff and
 * through interning + PresenceDiffer + BotFilter + MigrationDetector, side by side in one process.
 * Run under `node --expose-gc` for precise memory: without it heap deltas include garbage.
 */
export async function runDetectorThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const channelNames = Array.from({ length: options.channels }, (_, c) => `channel${c}`);
  const runCount = options.runs ?? 3;
  const runs: RunTimes[] = [];
  for (let i = 0; i < runCount; i++) runs.push(runOnce(options, channelNames));
  const migrations = runs[0].migrations;
  if (runs.some((t) => t.migrations !== migrations)) throw new Error('runs disagree on the migrations found');

  // Memory: the detector alone over the same rounds; it then owns the only copies of the logins.
  const stream = new SnapshotStream(options);
  let core: TrackerCore | undefined = new TrackerCore(channelNames);
  const total = 1 + (options.fillRounds ?? DEFAULT_FILL_ROUNDS) + options.rounds;
  for (let r = 0; r < total; r++) core.round(stream.next(), START + r * POLL_MS);
  const trackedUsers = core.interner.size;
  const presentUsers = core.presentUsers();
  await settle();
  const withTracker = process.memoryUsage();
  core = undefined;
  await settle();
  const withoutTracker = process.memoryUsage();

  return {
    ...phases(
      runs.map((t) => t.wall),
      options,
    ),
    cpu: phases(
      runs.map((t) => t.cpu),
      options,
    ),
    runs: runCount,
    heapBytesPerTrackedUser: (withTracker.heapUsed - withoutTracker.heapUsed) / trackedUsers,
    arrayBufferBytesPerTrackedUser: (withTracker.arrayBuffers - withoutTracker.arrayBuffers) / trackedUsers,
    trackedUsers,
    presentUsers,
    migrations,
    preciseMemory: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}
