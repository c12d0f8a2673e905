import { MigrationEdgeHourEntity } from '../../src/migration/persistence/sequelize/entities/migration-edge-hour.entity';
import { MigrationEntity } from '../../src/migration/persistence/sequelize/entities/migration.entity';
import { ViewerCountEntity } from '../../src/migration/persistence/sequelize/entities/viewer-count.entity';
import { SequelizeMigrationRepository } from '../../src/migration/persistence/sequelize/sequelize-migration.repository';
import { describeSqlTargets } from '../support/sql-suites';
import { openTestDatabase } from '../support/sql-test-database';
import { describeMigrationRepositoryContract } from './migration-repository.contract';

// Models bind to one Sequelize instance at a time: the dialects run one after the other in this file.
describeSqlTargets('Sequelize migration repository', (target) => {
  describeMigrationRepositoryContract(target.name, async () => {
    const db = await openTestDatabase(target, [MigrationEntity, MigrationEdgeHourEntity, ViewerCountEntity]);
    return {
      repository: new SequelizeMigrationRepository(db.sequelize, MigrationEntity, ViewerCountEntity),
      close: () => db.close(),
    };
  });
});
