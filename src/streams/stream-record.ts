import type { TwitchStream } from '../twitch/twitch-stream';

/** A stream as stored in a snapshot: exactly what Helix reported, in the product's own shape. */
export type StreamRecord = TwitchStream;

export interface SnapshotRecord {
  id: number;
  takenAt: Date;
  streamCount: number;
}
