import type { SchemaMigration } from '../schema-migration';
import { createStreamSnapshots } from './0001-create-stream-snapshots';
import { createUsers } from './0002-create-users';
import { createMigrations } from './0003-create-migrations';
import { createPinnedChannels } from './0004-create-pinned-channels';
import { createGraphRollups } from './0005-create-graph-rollups';
import { createDatabaseIdentity } from './0006-create-database-identity';
import { createTrackerCheckpoint } from './0007-create-tracker-checkpoint';

/**
 * Applied in this order; append, never edit a migration that has shipped. 0006 came after 0007 in time:
 * a database at 0007 applies it on its next start (umzug runs every migration not yet recorded).
 */
export const schemaMigrations: SchemaMigration[] = [
  createStreamSnapshots,
  createUsers,
  createMigrations,
  createPinnedChannels,
  createGraphRollups,
  createDatabaseIdentity,
  createTrackerCheckpoint,
];
