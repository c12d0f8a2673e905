import { BotFilter } from './bot-filter';
import { MigrationDetector } from './migration-detector';
import { PresenceDiffer } from './presence-differ';
import { UserInterner } from './user-interner';

export interface ThroughputOptions {
  channels: number;
  chattersPerChannel: number;
  /** Share of each channel's viewers replaced per round (0.05 = 5 %). */
  churn: number;
  /** Steady-state rounds after the baseline round. */
  rounds: number;
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
  /** Rounds after the first: the tracker's life once every channel has been seen once. */
  steady: PhaseRates;
  /** The first round alone: every login interned, every channel's presence built from nothing. */
  firstRound: PhaseRates;
  /** Both together, as one run of `1 + rounds` rounds. */
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

/** rounds[r][c] = logins in channel c at round r; each login is one string instance. */
function buildWorld(o: ThroughputOptions): string[][][] {
  const rand = seeded(o.seed ?? 1);
  const hopShare = o.hopShare ?? 0.3;
  let nextUser = 0;
  const fresh = () => `user${nextUser++}`;
  let current = Array.from({ length: o.channels }, () => Array.from({ length: o.chattersPerChannel }, fresh));
  const rounds = [current];
  const perRound = floor(o.chattersPerChannel * o.churn);
  for (let r = 0; r < o.rounds; r++) {
    const next = current.map((viewers) => viewers.slice());
    const hoppers: string[] = [];
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
        const login = hopper !== undefined && !present.has(hopper) ? hopper : fresh();
        present.add(login);
        viewers.push(login);
      }
    }
    rounds.push(next);
    current = next;
  }
  return rounds;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
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
  bareSteady: number;
  detectorFirst: number;
  detectorSteady: number;
}

interface RunTimes {
  /** Elapsed time: what a rate means. */
  wall: PhaseTimes;
  /** Process CPU time (GC threads included): unlike elapsed time, not inflated while descheduled. */
  cpu: PhaseTimes;
  migrations: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Both paths in lockstep, round by round, alternating which goes first: on a shared machine the
 * load then weighs on both alike, and each keeps its own state between rounds as it would live.
 */
function runOnce(world: string[][][], channelNames: string[]): RunTimes {
  const bare = new BareSetDiff();
  const core = new TrackerCore(channelNames);
  const wall = { bareFirst: 0, bareSteady: 0, detectorFirst: 0, detectorSteady: 0 };
  const cpu = { ...wall };
  gc();
  for (let r = 0; r < world.length; r++) {
    const round = world[r];
    for (let turn = 0; turn < 2; turn++) {
      const isBare = (r + turn) % 2 === 0;
      const c0 = cpuMs();
      const t0 = performance.now();
      if (isBare) bare.round(round);
      else core.round(round, r * POLL_MS);
      const key = `${isBare ? 'bare' : 'detector'}${r === 0 ? 'First' : 'Steady'}` as keyof PhaseTimes;
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

function phases(times: PhaseTimes[], channels: number, rounds: number): Phases {
  return {
    steady: rates(times, channels * rounds, (t) => [t.detectorSteady, t.bareSteady]),
    firstRound: rates(times, channels, (t) => [t.detectorFirst, t.bareFirst]),
    overall: rates(times, channels * (1 + rounds), (t) => [
      t.detectorFirst + t.detectorSteady,
      t.bareFirst + t.bareSteady,
    ]),
  };
}

/**
 * Micro-benchmark (not a test): the same seeded snapshots through a bare Set<string> diff and
 * through interning + PresenceDiffer + BotFilter + MigrationDetector, side by side in one process.
 * Run under `node --expose-gc` for precise memory: without it heap deltas include garbage.
 */
export async function runDetectorThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  let world: string[][][] | undefined = buildWorld(options);
  const channelNames = Array.from({ length: options.channels }, (_, c) => `channel${c}`);
  const runCount = options.runs ?? 3;
  const runs: RunTimes[] = [];
  for (let i = 0; i < runCount; i++) runs.push(runOnce(world, channelNames));
  const migrations = runs[0].migrations;
  if (runs.some((t) => t.migrations !== migrations)) throw new Error('runs disagree on the migrations found');

  // Memory: one more detector run, then the tracker is the only owner of the login strings.
  let core: TrackerCore | undefined = new TrackerCore(channelNames);
  world.forEach((round, r) => core?.round(round, r * POLL_MS));
  world = undefined;
  const trackedUsers = core.interner.size;
  const presentUsers = core.presentUsers();
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  const withTracker = process.memoryUsage();
  core = undefined;
  gc();
  const withoutTracker = process.memoryUsage();

  return {
    ...phases(
      runs.map((t) => t.wall),
      options.channels,
      options.rounds,
    ),
    cpu: phases(
      runs.map((t) => t.cpu),
      options.channels,
      options.rounds,
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
