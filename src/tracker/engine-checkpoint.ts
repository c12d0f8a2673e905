import type { PresenceSource } from '../migration/presence-source';

/**
 * What the tracking engine must remember across a crash, keyed by login and channel (user ids are only
 * valid inside one process). Written after every completed round as a delta of what changed, read back
 * whole at start-up.
 */

/** One user's pending leaves and joins (arrival order kept: it breaks pairing ties) and recent records. */
export interface PendingUserCheckpoint {
  leaves: [channel: string, at: number][];
  joins: [channel: string, at: number, source: PresenceSource][];
  recorded: [from: string, to: string, joinedAt: number][];
}

/** Who is present in a channel: a Get Chatters list, or chat presence with when each one ends. */
export type ChannelCheckpoint =
  | { kind: 'list'; logins: string[] }
  /** `until` null: present until a PART (membership); else the end of chat activity, epoch ms. */
  | { kind: 'events'; members: [login: string, until: number | null][] };

/** The engine's few global facts. */
export interface EngineMetaCheckpoint {
  watermark: number;
  /** Membership events were read: every user's pairs wait for their lateness. */
  membershipUsed: boolean;
  raids: [from: string, to: string, times: number[]][];
  /** Chat-activity joins kept to date switches (ActivitySwitches). */
  activityJoins: [login: string, channel: string, at: number][];
}

/** What changed since the previous checkpoint; null removes a user or channel. */
export interface EngineCheckpointDelta {
  users: Map<string, PendingUserCheckpoint | null>;
  channels: Map<string, ChannelCheckpoint | null>;
  meta: EngineMetaCheckpoint;
}

/** Everything stored, as read at start-up. */
export interface EngineCheckpoint {
  users: Map<string, PendingUserCheckpoint>;
  channels: Map<string, ChannelCheckpoint>;
  meta: EngineMetaCheckpoint;
  /** Clock time of the round that wrote the last delta. */
  savedAt: number;
}
