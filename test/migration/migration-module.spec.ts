import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { SequelizeModule } from '@nestjs/sequelize';
import { Test } from '@nestjs/testing';
import { CommonModule } from '../../src/common/common.module';
import { migrationConfig, parseDatabaseUrl } from '../../src/config';
import { buildSequelizeOptions } from '../../src/database/sequelize-options';
import { MigrationRepository } from '../../src/migration/migration-repository.port';
import { MigrationRetentionJob } from '../../src/migration/migration-retention.job';
import { MigrationModule } from '../../src/migration/migration.module';
import { MigrationService } from '../../src/migration/migration.service';
import { SequelizeMigrationRepository } from '../../src/migration/persistence/sequelize/sequelize-migration.repository';

/** Stands for the tracker: a module that only imports MigrationModule. */
@Injectable()
class Consumer {
  constructor(
    readonly repository: MigrationRepository,
    readonly service: MigrationService,
  ) {}
}

describe('MigrationModule', () => {
  it('exports the service and the SQL-bound port, with the retention job, by default', async () => {
    const migrations = MigrationModule.forRoot();
    @Module({ imports: [migrations], providers: [Consumer] })
    class ConsumerModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [migrationConfig] }),
        CommonModule,
        SequelizeModule.forRoot(
          buildSequelizeOptions({ ...parseDatabaseUrl('sqlite::memory:'), logging: false }),
        ),
        ConsumerModule,
      ],
    }).compile();
    try {
      const consumer = moduleRef.get(Consumer);
      expect(consumer.repository).toBeInstanceOf(SequelizeMigrationRepository);
      expect(consumer.service).toBeInstanceOf(MigrationService);
      expect(moduleRef.get(MigrationRetentionJob)).toBeInstanceOf(MigrationRetentionJob);
    } finally {
      await moduleRef.close();
    }
  });

  it('connects to MongoDB and leaves retention to its TTL index when a URI is given', () => {
    const mongo = MigrationModule.forRoot({
      mongoUri: 'mongodb://127.0.0.1:27017/t',
      retentionMs: 86_400_000,
    });
    expect(mongo.imports).toHaveLength(4);
    expect(mongo.providers).not.toContain(MigrationRetentionJob);
    expect(MigrationModule.forRoot().providers).toContain(MigrationRetentionJob);
  });
});

describe('migrationConfig', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    delete process.env.MONGODB_URI;
    delete process.env.MIGRATIONS_RETENTION;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to the SQL store and 30 days of retention', () => {
    expect(migrationConfig()).toEqual({ mongoUri: undefined, retentionMs: 30 * 86_400_000 });
  });

  it('accepts a replica-set URI', () => {
    process.env.MONGODB_URI = 'mongodb://h1:27017,h2:27017/tracker?replicaSet=rs0';
    expect(migrationConfig().mongoUri).toBe('mongodb://h1:27017,h2:27017/tracker?replicaSet=rs0');
  });

  it('reads a MongoDB URI and a retention duration', () => {
    process.env.MONGODB_URI = 'mongodb+srv://user:pw@cluster.example.net/tracker';
    process.env.MIGRATIONS_RETENTION = '2h';
    expect(migrationConfig()).toEqual({
      mongoUri: 'mongodb+srv://user:pw@cluster.example.net/tracker',
      retentionMs: 2 * 3_600_000,
    });
  });

  it.each([
    ['MONGODB_URI', 'postgres://localhost/x'],
    ['MONGODB_URI', 'mongodb://'],
    ['MIGRATIONS_RETENTION', 'forever'],
    ['MIGRATIONS_RETENTION', '10m'],
  ])('stops start-up on %s=%s', (name, value) => {
    process.env[name] = value;
    expect(() => migrationConfig()).toThrow(name);
  });
});
