import { describe, expect, it } from '@jest/globals';
import { SequelizeModule } from '@nestjs/sequelize';
import { Test } from '@nestjs/testing';
import { parseDatabaseUrl } from '../../src/config';
import { buildSequelizeOptions } from '../../src/database/sequelize-options';
import { MigrationRepository } from '../../src/migration/migration-repository.port';
import { MigrationPersistenceModule } from '../../src/migration/persistence/migration-persistence.module';
import { SequelizeMigrationRepository } from '../../src/migration/persistence/sequelize/sequelize-migration.repository';

describe('MigrationPersistenceModule', () => {
  it('binds the port to the Sequelize adapter by default', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SequelizeModule.forRoot(
          buildSequelizeOptions({ ...parseDatabaseUrl('sqlite::memory:'), logging: false }),
        ),
        MigrationPersistenceModule.forRoot(),
      ],
    }).compile();
    try {
      expect(moduleRef.get(MigrationRepository)).toBeInstanceOf(SequelizeMigrationRepository);
    } finally {
      await moduleRef.close();
    }
  });
});
