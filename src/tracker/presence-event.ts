import type { PresenceSource } from '../migration/presence-source';

/** One presence change of one user in one channel; times are epoch milliseconds. */
export interface PresenceEvent {
  kind: 'join' | 'leave';
  channel: string;
  userId: number;
  at: number;
  source: PresenceSource;
}

/**
 * The changes one snapshot caused in one channel, as parallel arrays rather than one object per
 * event: a 1,000-user snapshot with churn would otherwise allocate dozens of objects per poll.
 * All joins share `joinedAt` (the snapshot's time); `leftAt[i]` belongs to `left[i]`.
 */
export interface SnapshotDiff {
  channel: string;
  joined: number[];
  joinedAt: number;
  left: number[];
  leftAt: number[];
}
