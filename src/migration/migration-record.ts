import type { PresenceSource } from './presence-source';

/**
 * A detected migration as the tracker hands it over: plain data, lower-case Twitch logins, Dates.
 * Its natural key is (userLogin, fromChannel, toChannel, joinedAt).
 */
export interface NewMigrationRecord {
  userLogin: string;
  fromChannel: string;
  toChannel: string;
  leftAt: Date;
  joinedAt: Date;
  viaRaid: boolean;
  /** How the joining side was observed. */
  source: PresenceSource;
}

/** A stored migration; `id` is opaque (an integer in SQL, an ObjectId in MongoDB). */
export interface MigrationRecord extends NewMigrationRecord {
  id: string;
}

/** One sample of a channel's audience; either figure may be unknown. */
export interface ViewerCountRecord {
  channel: string;
  at: Date;
  viewers: number | null;
  chatters: number | null;
}

/** Half-open time range [since, until). */
export interface TimeRange {
  since: Date;
  until: Date;
}

export interface MigrationEdgeRecord {
  from: string;
  to: string;
  count: number;
  /** count / all migrations out of `from` in the range (not only the returned edges). */
  shareOfSourceLeavers: number;
  /** count / all migrations into `to` in the range (not only the returned edges). */
  shareOfTargetJoiners: number;
}

export interface MigrationNodeRecord {
  channel: string;
  /** Sum of the counts of the returned edges leaving this channel. */
  outgoing: number;
  /** Sum of the counts of the returned edges entering this channel. */
  incoming: number;
}

export interface MigrationGraphResult extends TimeRange {
  totalMigrations: number;
  nodes: MigrationNodeRecord[];
  edges: MigrationEdgeRecord[];
}

export interface ChannelFlowsResult {
  channel: string;
  incoming: MigrationEdgeRecord[];
  outgoing: MigrationEdgeRecord[];
}
