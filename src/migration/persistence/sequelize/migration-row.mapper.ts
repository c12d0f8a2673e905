import type { MigrationRecord } from '../../migration-record';
import type { MigrationEntity } from './entities/migration.entity';

export function toMigrationRecord(entity: MigrationEntity): MigrationRecord {
  return {
    id: String(entity.id),
    userLogin: entity.userLogin,
    fromChannel: entity.fromChannel,
    toChannel: entity.toChannel,
    leftAt: entity.leftAt,
    joinedAt: entity.joinedAt,
    viaRaid: Boolean(entity.viaRaid),
    source: entity.source,
  };
}
