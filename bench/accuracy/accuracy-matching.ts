/** A migration reduced to what the match rule compares; times are epoch ms. */
export interface ComparableMigration {
  user: string;
  from: string;
  to: string;
  leftAt: number;
  joinedAt: number;
}

/** A detected migration plus what the evaluator saw when it was recorded. */
export interface DetectedMigration extends ComparableMigration {
  /** The user was seen in both channels at once: when recorded, or B's join a poll before A's leave. */
  multiViewer: boolean;
  /** When the engine released it (simulated time); absent for what only the end of the run released. */
  recordedAt?: number;
}

export type FalsePositiveCause = 'bot' | 'lag' | 'chain' | 'wrong-pair' | 'multi-viewer' | 'unknown';

export const FALSE_POSITIVE_CAUSES: readonly FalsePositiveCause[] = [
  'bot',
  'lag',
  'chain',
  'wrong-pair',
  'multi-viewer',
  'unknown',
];

export interface SourceAccuracy {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveCauses: Record<FalsePositiveCause, number>;
  /** False positives that the `reference` truth lists (a match by the same rule); 0 without one. */
  falsePositivesInReference: number;
  /** Scored true migrations the source's signal can show at all (see `visible`), and those found. */
  visibleTruths: number;
  visibleFound: number;
}

export interface MatchInput {
  detected: readonly DetectedMigration[];
  /** The truth scored against, over the whole run (edges included, for matching). */
  truth: readonly ComparableMigration[];
  /** Every true hop of the run, watched or not, to explain false positives (chains, other pairs). */
  allTruth: readonly ComparableMigration[];
  /** Another truth (e.g. the projected one when scoring raw hops): false positives it lists are counted. */
  reference?: readonly ComparableMigration[];
  /** Only migrations joining in [since, until) are scored. */
  since: number;
  until: number;
  /** Max |detected.joinedAt − true.joinedAt| for a match. */
  toleranceMs: number;
  windowMs: number;
  botLogins: ReadonlySet<string>;
  /** Whether the source's signal shows this true migration at all; every one by default. */
  visible?: (t: ComparableMigration) => boolean;
  /** Whether the user was in both channels at once near the detection; `multiViewer` by default. */
  inBoth?: (d: DetectedMigration) => boolean;
}

const key = (m: ComparableMigration) => `${m.user}\n${m.from}\n${m.to}`;
const inPeriod = (m: ComparableMigration, since: number, until: number) =>
  m.joinedAt >= since && m.joinedAt < until;

/**
 * Matches detections to true migrations one to one (same user, from and to; joinedAt within
 * tolerance, nearest first), scores the evaluated period, and explains every false positive as well
 * as the data allows, first cause that applies: a known bot; a true migration of the same pair
 * outside the tolerance but within one more window (lag: e.g. a first chat message long after the
 * arrival); a chain of true hops from A to B through other channels, within a window plus the
 * tolerance (chain: the middle channel unwatched, or a stay too short or too quiet for the source to
 * see; past the window the projected truth has no migration, yet a source that dates the leave late
 * or early can still pair it); a true hop of the user with
 * another pair near that time (wrong-pair); a user in both channels at once (multi-viewer); else
 * unknown.
 */
export function scoreMigrations(input: MatchInput): SourceAccuracy {
  const { detected, truth, since, until, toleranceMs, windowMs } = input;
  const truthByKey = group(truth, key);
  const matched = matchOneToOne(detected, truth, truthByKey, toleranceMs);
  const hopsByUser = group(input.allTruth, (m) => m.user);
  const reference = input.reference;
  const referenceByKey = reference === undefined ? undefined : group(reference, key);

  const causes = Object.fromEntries(FALSE_POSITIVE_CAUSES.map((c) => [c, 0])) as Record<
    FalsePositiveCause,
    number
  >;
  let truePositives = 0;
  let falsePositives = 0;
  let falsePositivesInReference = 0;
  detected.forEach((d, di) => {
    if (!inPeriod(d, since, until)) return;
    if (matched.detected[di] >= 0) {
      truePositives++;
      return;
    }
    falsePositives++;
    if (
      reference !== undefined &&
      (referenceByKey?.get(key(d)) ?? []).some(
        (i) => Math.abs(reference[i].joinedAt - d.joinedAt) <= toleranceMs,
      )
    ) {
      falsePositivesInReference++;
    }
    const near = (m: ComparableMigration) => Math.abs(m.joinedAt - d.joinedAt) <= windowMs;
    const late = (m: ComparableMigration) => Math.abs(m.joinedAt - d.joinedAt) <= toleranceMs + windowMs;
    const hops = (hopsByUser.get(d.user) ?? []).map((i) => input.allTruth[i]);
    if (input.botLogins.has(d.user)) causes.bot++;
    else if ((truthByKey.get(key(d)) ?? []).some((i) => late(truth[i]))) causes.lag++;
    else if (hasChain(hops, d, windowMs, windowMs + toleranceMs)) causes.chain++;
    else if (hops.some(near)) causes['wrong-pair']++;
    else if (input.inBoth === undefined ? d.multiViewer : input.inBoth(d)) causes['multi-viewer']++;
    else causes.unknown++;
  });
  let falseNegatives = 0;
  let visibleTruths = 0;
  let visibleFound = 0;
  truth.forEach((t, ti) => {
    if (!inPeriod(t, since, until)) return;
    if (!matched.truth[ti]) falseNegatives++;
    if (input.visible === undefined || input.visible(t)) {
      visibleTruths++;
      if (matched.truth[ti]) visibleFound++;
    }
  });
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    precision,
    recall,
    f1,
    falsePositiveCauses: causes,
    falsePositivesInReference,
    visibleTruths,
    visibleFound,
  };
}

/** Pairs detections with truths of the same key within tolerance, nearest first, one to one. */
function matchOneToOne(
  detected: readonly ComparableMigration[],
  truth: readonly ComparableMigration[],
  truthByKey: Map<string, number[]>,
  toleranceMs: number,
): { detected: Int32Array; truth: Uint8Array } {
  const candidates: { d: number; t: number; gap: number }[] = [];
  detected.forEach((d, di) => {
    for (const ti of truthByKey.get(key(d)) ?? []) {
      const gap = Math.abs(truth[ti].joinedAt - d.joinedAt);
      if (gap <= toleranceMs) candidates.push({ d: di, t: ti, gap });
    }
  });
  candidates.sort((a, b) => a.gap - b.gap || a.d - b.d || a.t - b.t);
  const detectedMatch = new Int32Array(detected.length).fill(-1);
  const truthMatched = new Uint8Array(truth.length);
  for (const c of candidates) {
    if (detectedMatch[c.d] >= 0 || truthMatched[c.t]) continue;
    detectedMatch[c.d] = c.t;
    truthMatched[c.t] = 1;
  }
  return { detected: detectedMatch, truth: truthMatched };
}

/**
 * Whether the user's true hops chain from d.from to d.to (two hops or more, each leaving where the
 * previous one landed, no earlier), at most `spanMs` from the first leave to the last join (a source
 * dates a leave only as well as its signal allows), ending within a window of the detection.
 */
function hasChain(
  hops: readonly ComparableMigration[],
  d: ComparableMigration,
  windowMs: number,
  spanMs: number,
): boolean {
  const extend = (at: string, firstLeftAt: number, after: number, depth: number): boolean =>
    hops.some((h) => {
      if (h.from !== at || h.leftAt < after || h.joinedAt - firstLeftAt > spanMs) return false;
      if (h.to === d.to) return depth >= 1 && Math.abs(h.joinedAt - d.joinedAt) <= windowMs;
      return depth < 4 && extend(h.to, firstLeftAt, h.joinedAt, depth + 1);
    });
  return hops.some(
    (h) =>
      h.from === d.from &&
      h.to !== d.to &&
      Math.abs(h.leftAt - d.leftAt) <= spanMs &&
      extend(h.to, h.leftAt, h.joinedAt, 1),
  );
}

function group<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number[]> {
  const map = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = keyOf(item);
    const list = map.get(k);
    if (list === undefined) map.set(k, [i]);
    else list.push(i);
  });
  return map;
}

/** An empty denominator scores 1: nothing detected is nothing wrong. */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
