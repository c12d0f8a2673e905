import { expect, it } from '@jest/globals';
import { StreamSnapshotEntity } from '../../src/streams/entities/stream-snapshot.entity';
import { StreamEntity } from '../../src/streams/entities/stream.entity';
import { describeSqlTargets } from './sql-suites';
import { openTestDatabase } from './sql-test-database';

describeSqlTargets('schema migrations', (target) => {
  it('creates the tables the models map', async () => {
    const db = await openTestDatabase(target, [StreamSnapshotEntity, StreamEntity]);
    try {
      const snapshot = await StreamSnapshotEntity.create({
        takenAt: new Date(),
        streamCount: 1,
        pagesFetched: 1,
        durationMs: 5,
      });
      await StreamEntity.create({
        snapshotId: snapshot.id,
        id: '1',
        userId: '2',
        userLogin: 'a',
        userName: 'A',
        viewerCount: 3,
      });
      expect(await StreamEntity.count({ where: { snapshotId: snapshot.id } })).toBe(1);
    } finally {
      await db.close();
    }
  });
});
