import { describe, expect, it } from '@jest/globals';
import { type Model, Types } from 'mongoose';
import type { NewMigrationRecord } from '../../migration-record';
import { MongooseMigrationRepository } from './mongoose-migration.repository';
import type { MigrationEdgeDocument } from './schemas/migration-edge.schema';
import type { MigrationDocument } from './schemas/migration.schema';
import type { ViewerCountDocument } from './schemas/viewer-count.schema';

// The contract suite needs a mongod, which this machine may not have: this pins down, on stub models, how
// saveBatch turns the server's upsert report into the records it returns and the buckets it increments.
const at = (minutes: number) => new Date(Date.parse('2026-03-01T10:00:00Z') + minutes * 60_000);

function migration(userLogin: string, minutes: number): NewMigrationRecord {
  return {
    userLogin,
    fromChannel: 'a',
    toChannel: 'b',
    leftAt: at(minutes - 1),
    joinedAt: at(minutes),
    viaRaid: false,
    source: 'CHATTERS',
  };
}

interface UpdateOne {
  updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> };
}

/** A collection whose upserts insert only the keys listed in `inserted` (the rest "already exist"). */
function stubModel(inserted: (filter: Record<string, unknown>) => boolean) {
  const calls: UpdateOne[][] = [];
  const ids: Types.ObjectId[] = [];
  const model = {
    bulkWrite(ops: UpdateOne[]) {
      calls.push(ops);
      const upsertedIds: Record<number, Types.ObjectId> = {};
      ops.forEach((op, index) => {
        if (!inserted(op.updateOne.filter)) return;
        const id = new Types.ObjectId();
        ids.push(id);
        upsertedIds[index] = id;
      });
      return Promise.resolve({ upsertedIds });
    },
  };
  return { model, calls, ids };
}

function repositoryWith(alreadyStored: Set<string>) {
  const migrations = stubModel((filter) => !alreadyStored.has(filter.userLogin as string));
  const edges = stubModel(() => true);
  const repository = new MongooseMigrationRepository(
    migrations.model as unknown as Model<MigrationDocument>,
    edges.model as unknown as Model<MigrationEdgeDocument>,
    {} as Model<ViewerCountDocument>,
  );
  return { repository, migrations, edges };
}

describe('MongooseMigrationRepository.saveBatch', () => {
  it('returns the upserted migrations with their ObjectIds, in input order, and counts only them', async () => {
    const { repository, migrations, edges } = repositoryWith(new Set(['old']));
    const [m1, m2, old] = [migration('u1', 5), migration('u2', 6), migration('old', 7)];
    const stored = await repository.saveBatch([m2, old, m1, m2]);
    expect(migrations.calls[0]).toHaveLength(3);
    expect(stored).toEqual([
      { id: migrations.ids[0].toHexString(), ...m2 },
      { id: migrations.ids[1].toHexString(), ...m1 },
    ]);
    expect(edges.calls).toHaveLength(1);
    expect(edges.calls[0].map((op) => op.updateOne.update)).toEqual([{ $inc: { count: 2 } }]);
  });

  it('returns nothing and touches no bucket when every migration was stored before', async () => {
    const { repository, edges } = repositoryWith(new Set(['u1']));
    expect(await repository.saveBatch([migration('u1', 5)])).toEqual([]);
    expect(await repository.saveBatch([])).toEqual([]);
    expect(edges.calls).toEqual([]);
  });
});
