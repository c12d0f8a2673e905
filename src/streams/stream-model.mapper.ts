import type { StreamSnapshotModel } from './models/stream-snapshot.model';
import type { SnapshotRecord } from './stream-record';

export function toSnapshotModel(snapshot: SnapshotRecord): StreamSnapshotModel {
  return { id: String(snapshot.id), takenAt: snapshot.takenAt, streamCount: snapshot.streamCount };
}
