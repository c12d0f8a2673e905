import { BotFilter } from './bot-filter';
import { MigrationDetector } from './migration-detector';
import { PresenceDiffer } from './presence-differ';
import { UserInterner } from './user-interner';

export interface ThroughputOptions {
  channels: number;
  chattersPerChannel: number;
  /** Share of each channel's viewers replaced per round (0.05 = 5 %). */
  churn: number;
  /** Measured rounds, after one baseline round. */
  rounds: number;
  /** Share of the replacements that are viewers hopping in from another channel. */
  hopShare?: number;
  seed?: number;
}

export interface ThroughputResult {
  detectorSnapshotsPerSecond: number;
  bareSetDiffSnapshotsPerSecond: number;
  /** Retained heap of interner + differ + bot filter + detector, per interned user. */
  bytesPerTrackedUser: number;
  /** Typed-array backing stores (outside the JS heap, so not in `bytesPerTrackedUser`), per user. */
  arrayBufferBytesPerTrackedUser: number;
  trackedUsers: number;
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
function runBareDiff(world: string[][][]): number {
  let prev: Set<string>[] = [];
  let changes = 0;
  for (const round of world) {
    const sets = round.map((logins, c) => {
      const cur = new Set(logins);
      const before = prev[c];
      if (before !== undefined) {
        for (const l of cur) if (!before.has(l)) changes++;
        for (const l of before) if (!cur.has(l)) changes++;
      }
      return cur;
    });
    prev = sets;
  }
  return changes;
}

interface TrackerCore {
  interner: UserInterner;
  differ: PresenceDiffer;
  detector: MigrationDetector;
  migrations: number;
}

function runDetector(world: string[][][], channelNames: string[]): TrackerCore {
  const interner = new UserInterner();
  const bots = new BotFilter(interner);
  const differ = new PresenceDiffer({ counter: bots });
  const detector = new MigrationDetector(interner, { bots });
  let migrations = 0;
  world.forEach((round, r) => {
    const at = r * POLL_MS;
    for (let c = 0; c < round.length; c++) {
      const diff = differ.snapshotLogins(channelNames[c], round[c], interner, at);
      detector.applySnapshotDiff(diff, 'CHATTERS');
    }
    migrations += detector.advance(at).length;
  });
  return { interner, differ, detector, migrations };
}

/**
 * Micro-benchmark (not a test): the same seeded snapshots through a bare Set<string> diff and
 * through interning + PresenceDiffer + MigrationDetector, side by side in one process. Run under
 * `node --expose-gc` for precise memory: without it heap deltas include uncollected garbage.
 */
export async function runDetectorThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  let world: string[][][] | undefined = buildWorld(options);
  const channelNames = Array.from({ length: options.channels }, (_, c) => `channel${c}`);
  const snapshots = world.length * options.channels;

  gc();
  let t0 = performance.now();
  runBareDiff(world);
  const bareMs = performance.now() - t0;

  gc();
  t0 = performance.now();
  let core: TrackerCore | undefined = runDetector(world, channelNames);
  const detectorMs = performance.now() - t0;
  const { migrations } = core;
  const trackedUsers = core.interner.size;

  // Let the tracker be the only owner of the login strings so they count towards it.
  world = undefined;
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  const withTracker = process.memoryUsage();
  core = undefined;
  gc();
  const withoutTracker = process.memoryUsage();

  return {
    detectorSnapshotsPerSecond: (snapshots / detectorMs) * 1000,
    bareSetDiffSnapshotsPerSecond: (snapshots / bareMs) * 1000,
    bytesPerTrackedUser: (withTracker.heapUsed - withoutTracker.heapUsed) / trackedUsers,
    arrayBufferBytesPerTrackedUser: (withTracker.arrayBuffers - withoutTracker.arrayBuffers) / trackedUsers,
    trackedUsers,
    migrations,
    preciseMemory: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}
