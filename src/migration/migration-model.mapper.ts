import type { MigrationRecord, ViewerCountRecord } from './migration-record';
import type { MigrationModel } from './models/migration.model';
import type { ViewerCountPointModel } from './models/viewer-count-point.model';

/** A stored migration as the GraphQL `Migration` type: the `migrations` query and the subscription alike. */
export function toMigrationModel(record: MigrationRecord): MigrationModel {
  const { id, userLogin, fromChannel, toChannel, leftAt, joinedAt, viaRaid, source } = record;
  return { id, userLogin, fromChannel, toChannel, leftAt, joinedAt, viaRaid, source };
}

export function toViewerCountPointModel({ at, viewers, chatters }: ViewerCountRecord): ViewerCountPointModel {
  return { at, viewers, chatters };
}
