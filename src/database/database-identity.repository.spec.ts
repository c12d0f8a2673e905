import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeSqlTargets } from '../../test/support/sql-suites';
import { openTestDatabase, type TestDatabase } from '../../test/support/sql-test-database';
import { DatabaseIdentityRepository } from './database-identity.repository';
import { migrateSchema } from './schema-migrator';

describeSqlTargets('DatabaseIdentityRepository', (target) => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    [first, second] = await Promise.all([openTestDatabase(target), openTestDatabase(target)]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('reads the random id the schema migration gave the database, unchanged by later starts', async () => {
    const repository = new DatabaseIdentityRepository(first.sequelize);
    expect(() => repository.current).toThrow('not been read');
    const id = await repository.load();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(repository.current).toBe(id);

    await migrateSchema(first.sequelize);
    expect(await new DatabaseIdentityRepository(first.sequelize).load()).toBe(id);
  });

  it('gives every database an id of its own', async () => {
    const [a, b] = await Promise.all(
      [first, second].map((db) => new DatabaseIdentityRepository(db.sequelize).load()),
    );
    expect(a).not.toBe(b);
  });
});
