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
}

export type FalsePositiveCause = 'bot' | 'lag' | 'wrong-pair' | 'multi-viewer' | 'unknown';

export interface SourceAccuracy {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveCauses: Record<FalsePositiveCause, number>;
}

export interface MatchInput {
  detected: readonly DetectedMigration[];
  /** Every true hop between monitored channels over the whole run (edges included, for matching). */
  truth: readonly ComparableMigration[];
  /** Every true hop of the run, monitored or not, to explain false positives. */
  allTruth: readonly ComparableMigration[];
  /** Only migrations joining in [since, until) are scored. */
  since: number;
  until: number;
  /** Max |detected.joinedAt − true.joinedAt| for a match. */
  toleranceMs: number;
  windowMs: number;
  botLogins: ReadonlySet<string>;
}

const key = (m: ComparableMigration) => `${m.user}\n${m.from}\n${m.to}`;
const inPeriod = (m: ComparableMigration, since: number, until: number) =>
  m.joinedAt >= since && m.joinedAt < until;

/**
 * Matches detections to true hops one to one (same user, from and to; joinedAt within tolerance,
 * nearest first), scores the evaluated period, and explains every false positive as well as the
 * data allows: a known bot, a true hop of the same pair outside the tolerance (lag), a true hop of
 * the user with another pair near that time (wrong-pair: e.g. one side unmonitored), a user seen in
 * several monitored channels at once (multi-viewer), else unknown (e.g. left Twitch and came back).
 */
export function scoreMigrations(input: MatchInput): SourceAccuracy {
  const { detected, truth, since, until, toleranceMs, windowMs } = input;
  const truthByKey = new Map<string, number[]>();
  const truthByUser = new Map<string, number[]>();
  truth.forEach((t, i) => push(truthByKey, key(t), i));
  input.allTruth.forEach((t, i) => push(truthByUser, t.user, i));
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

  const causes: Record<FalsePositiveCause, number> = {
    bot: 0,
    lag: 0,
    'wrong-pair': 0,
    'multi-viewer': 0,
    unknown: 0,
  };
  let truePositives = 0;
  let falsePositives = 0;
  detected.forEach((d, di) => {
    if (!inPeriod(d, since, until)) return;
    if (detectedMatch[di] >= 0) {
      truePositives++;
      return;
    }
    falsePositives++;
    const near = (list: readonly ComparableMigration[]) => (i: number) =>
      Math.abs(list[i].joinedAt - d.joinedAt) <= windowMs;
    if (input.botLogins.has(d.user)) causes.bot++;
    else if ((truthByKey.get(key(d)) ?? []).some(near(truth))) causes.lag++;
    else if ((truthByUser.get(d.user) ?? []).some(near(input.allTruth))) causes['wrong-pair']++;
    else if (d.multiViewer) causes['multi-viewer']++;
    else causes.unknown++;
  });
  let falseNegatives = 0;
  truth.forEach((t, ti) => {
    if (inPeriod(t, since, until) && !truthMatched[ti]) falseNegatives++;
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
  };
}

function push<K>(map: Map<K, number[]>, k: K, value: number): void {
  const list = map.get(k);
  if (list === undefined) map.set(k, [value]);
  else list.push(value);
}

/** An empty denominator scores 1: nothing detected is nothing wrong. */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
