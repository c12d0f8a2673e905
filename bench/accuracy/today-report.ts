import type { PresenceSource } from '../../src/migration/presence-source';
import type { SourceAccuracy } from './accuracy-matching';
import type { LatencySummary } from './accuracy-report';

/** The deployed scenario: today's Twitch limits, read by the real tracker. */
export interface TodayOptions {
  seed: number;
  /** TRACKER_CHANNELS (and STREAMS_TOP_N): the top live channels at the start. */
  channels: number;
  /** Share of the monitored channels the moderator user moderates (every 1/share-th by rank). */
  moderatedShare: number;
  simulatedMinutes: number;
  /** Simulated world size and audience multiplier. */
  worldChannels: number;
  audienceScale: number;
  /** Twitch's concurrent join limit per chat user (the simulator's; the app assumes 100). */
  joinLimit: number;
  /** Helix points per minute per token, on the simulated clock. */
  rateLimitPerMinute: number;
  /** Simulated time between two tracker rounds (the deployed app runs one a second). */
  stepMs: number;
  /** Scoring starts this long after the start (sources settle, first polls are baselines). */
  warmupMs: number;
}

/** Channels as the tracker read them: by source, or unwatched with the reason. */
export interface ChannelCounts {
  /** `CHATTERS`, `ACTIVITY`, `MEMBERSHIP`, or `unwatched: <reason>`. */
  group: string;
  channels: number;
  /** Their viewers in the start snapshot. */
  viewers: number;
}

export interface TodaySourceReport {
  /** Migrations stored with this source over the run. */
  stored: number;
  toleranceMs: number;
  /** Detections of this source against the whole projected truth (precision); recall over `truthInto`. */
  precision: SourceAccuracy;
  /** The same detections against the projected migrations into channels this source reads (recall). */
  recall: SourceAccuracy;
  latency: LatencySummary;
  latencyFromBoth: LatencySummary;
}

/** How the projected truth splits by what the deployment could see of each side. */
export interface VisibilityRow {
  /** `CHATTERS → ACTIVITY`, `… → unwatched`, … (source of the channel left → of the channel joined). */
  kind: string;
  truth: number;
  /** The signal of both sides shows it (chatters lists; a chat message on each ACTIVITY side). */
  visible: number;
  /** Matched by a stored migration. */
  found: number;
}

export interface HelixUsage {
  /** Who the bucket belongs to: the moderator user, the app (client), another user. */
  owner: string;
  spent: number;
  refused: number;
  /** Most points spent in one simulated minute (sampled each minute). */
  peakPerMinute: number;
}

export interface TodayReport {
  options: TodayOptions;
  moderator: string;
  monitored: number;
  moderated: number;
  channelsAtStart: ChannelCounts[];
  channelsAtEnd: ChannelCounts[];
  /** Simulated minutes after the start when the last channel took the source it kept. */
  sourcesSettledAfterMinutes: number;
  evaluatedMinutes: number;
  /** Projected truth joining in the evaluated period. */
  trueMigrations: number;
  /** Every source together. */
  overall: SourceAccuracy;
  sources: Partial<Record<PresenceSource, TodaySourceReport>>;
  visibility: VisibilityRow[];
  tracker: {
    pollIntervalMs: number;
    helixPointsPerMinute: number;
    plannedHelixPointsPerMinute: number;
    raidFollowedChannels: number;
    migrationsRecorded: number;
  };
  helix: HelixUsage[];
  /** Every 429 the simulator answered (rate limit, injected faults, EventSub's limits). */
  tooManyRequests: number;
  /** Of those, the Helix rate limit's. */
  rateLimited: number;
  /** Rounds that had not finished after the real-time cap, and waits for EventSub that ran out. */
  stalls: { rounds: number; notifications: number };
  /** At the end: the simulator's enabled EventSub subscriptions, and the rooms counted against the moderator's join limit. */
  eventSub: { enabledSubscriptions: number; chatRooms: number };
  /** The app's warnings by kind. */
  warnings: { kind: string; count: number; example: string }[];
  rounds: number;
  realTimeMs: number;
}
