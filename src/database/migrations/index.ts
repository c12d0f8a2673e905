import type { SchemaMigration } from '../schema-migration';
import { createStreamSnapshots } from './0001-create-stream-snapshots';
import { createUsers } from './0002-create-users';
import { createMigrations } from './0003-create-migrations';
import { createPinnedChannels } from './0004-create-pinned-channels';
import { createGraphRollups } from './0005-create-graph-rollups';
import { createTrackerCheckpoint } from './0007-create-tracker-checkpoint';

/** Applied in this order; append, never edit a migration that has shipped. */
export const schemaMigrations: SchemaMigration[] = [
  createStreamSnapshots,
  createUsers,
  createMigrations,
  createPinnedChannels,
  createGraphRollups,
  createTrackerCheckpoint,
];
