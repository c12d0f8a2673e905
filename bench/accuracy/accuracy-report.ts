import type { PresenceSource } from '../../src/migration/presence-source';
import type { PairingMode } from '../../src/tracker/migration-detector';
import type { ComparableMigration, DetectedMigration, SourceAccuracy } from './accuracy-matching';

export type AccuracySource = PresenceSource | 'ALL';

export interface AccuracyOptions {
  seed: number;
  /** Monitored channels: the top live ones at the start. */
  channels: number;
  simulatedMinutes: number;
  pollIntervalMs?: number;
  /** 'ALL' evaluates every source side by side, each with its own engine, on the same world. */
  source: AccuracySource;
  windowMs?: number;
  leaveConfirmations?: number;
  /** TRACKER_ACTIVITY_TTL. */
  activityTtlMs?: number;
  /** Simulated world size and audience multiplier (smaller = faster). */
  worldChannels?: number;
  audienceScale?: number;
  chattersLagMs?: number;
  membershipBatchMs?: number;
  /** TRACKER_PAIRING of the main tables: the setting's default unless given. */
  pairing?: PairingMode;
  /**
   * Also run the other pairing on the same inputs (a second engine per source fed the same polls and chat
   * lines), for the comparison table. On by default.
   */
  comparePairings?: boolean;
}

export interface SourceReport {
  /** Migrations the engine recorded over the whole run. */
  detected: number;
  /** Max |joinedAt| error of a match: one poll interval plus the source's lag. */
  toleranceMs: number;
  /** Against the raw hops between monitored channels. */
  raw: SourceAccuracy;
  /** Against the truth projected onto the monitored channels (what the design defines). */
  projected: SourceAccuracy;
  /** From the poll or chat line that saw the join (`joinedAt`) to the migration released, ms. */
  latency: LatencySummary;
  /**
   * From the later of the two sides (`max(leftAt, joinedAt)`: when the tracker had seen both) to the release.
   * When the join is seen first, the migration cannot be known at the join.
   */
  latencyFromBoth: LatencySummary;
}

export interface LatencySummary {
  /** Migrations joining in the evaluated period and released while the run went on. */
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface AccuracyReport {
  options: Required<AccuracyOptions>;
  monitored: string[];
  /** True migrations joining in the evaluated period: raw hops and the projected truth. */
  trueMigrations: { raw: number; projected: number };
  evaluatedMinutes: number;
  /** Per source, with `options.pairing`. */
  sources: Partial<Record<PresenceSource, SourceReport>>;
  /** Per pairing run (`options.pairing` first, then the other when compared), per source. */
  pairings: Partial<Record<PairingMode, Partial<Record<PresenceSource, SourceReport>>>>;
  /**
   * The projected truth itself scored against the raw hops (exact times, so no tolerance): what a
   * tracker with perfect presence data of the monitored channels would score there.
   */
  exactPresenceVsRaw: SourceAccuracy;
  realTimeMs: number;
  /** Everything scored, for tracing false positives (`--dump`). */
  details: {
    detected: Partial<Record<PresenceSource, DetectedMigration[]>>;
    raw: ComparableMigration[];
    projected: ComparableMigration[];
    allTruth: ComparableMigration[];
    /** `user\nchannel` → times of the user's messages there (monitored channels). */
    messages: Record<string, number[]>;
  };
}
