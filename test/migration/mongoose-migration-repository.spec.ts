import { randomBytes } from 'node:crypto';
import { afterAll, describe } from '@jest/globals';
import mongoose from 'mongoose';
import { MongooseMigrationRepository } from '../../src/migration/persistence/mongoose/mongoose-migration.repository';
import {
  MigrationEdgeDocument,
  MigrationEdgeSchema,
} from '../../src/migration/persistence/mongoose/schemas/migration-edge.schema';
import {
  createMigrationSchema,
  MigrationDocument,
} from '../../src/migration/persistence/mongoose/schemas/migration.schema';
import {
  ViewerCountDocument,
  ViewerCountSchema,
} from '../../src/migration/persistence/mongoose/schemas/viewer-count.schema';
import { within } from '../support/wait-for';
import {
  describeMigrationRepositoryContract,
  type RepositoryUnderTest,
} from './migration-repository.contract';

const START_TIMEOUT_MS = 20_000;
// Far beyond the fixtures' dates, so that the TTL monitor never races the assertions.
const TEST_RETENTION_SECONDS = 100 * 365 * 24 * 3600;

interface MongoTarget {
  uri: string;
  stop(): Promise<void>;
}

/**
 * MONGODB_URI, else a local mongod (MONGOMS_SYSTEM_BINARY) that mongodb-memory-server starts; never a
 * download (package.json's config turns mongodb-memory-server's downloads off). The reason when neither.
 */
async function mongoTarget(): Promise<MongoTarget | { reason: string }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => undefined };
  if (!process.env.MONGOMS_SYSTEM_BINARY)
    return { reason: 'MONGODB_URI or MONGOMS_SYSTEM_BINARY (a local mongod) not set' };
  const { MongoMemoryServer } = await import('mongodb-memory-server');
  const starting = MongoMemoryServer.create();
  const server = await within(starting, START_TIMEOUT_MS).catch((error: Error) => ({ error }));
  if (server === undefined || 'error' in server) {
    // A server that comes up after the deadline must not outlive the suite.
    starting.then((late) => late.stop()).catch(() => undefined);
    const why = server === undefined ? `no mongod after ${START_TIMEOUT_MS} ms` : server.error.message;
    return { reason: `mongodb-memory-server could not start ${process.env.MONGOMS_SYSTEM_BINARY}: ${why}` };
  }
  return { uri: server.getUri(), stop: async () => void (await server.stop()) };
}

async function openRepository(uri: string): Promise<RepositoryUnderTest> {
  const connection = await mongoose
    .createConnection(uri, { dbName: `tmt_test_${randomBytes(5).toString('hex')}` })
    .asPromise();
  const migrations = connection.model(MigrationDocument.name, createMigrationSchema(TEST_RETENTION_SECONDS));
  const edges = connection.model(MigrationEdgeDocument.name, MigrationEdgeSchema);
  const samples = connection.model(ViewerCountDocument.name, ViewerCountSchema);
  // Creates the collections (the time-series one with its options) and the indexes, unique key included.
  await Promise.all([migrations.init(), edges.init(), samples.init()]);
  return {
    repository: new MongooseMigrationRepository(migrations, edges, samples),
    async close() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

// @ts-expect-error -- TS1309: tsc sees a CommonJS file, but Jest runs it as ESM, where top-level await is valid.
const target = await mongoTarget();

if ('reason' in target) {
  // Every test of the contract is declared, and reported as skipped with the reason.
  describe.skip(`Mongoose migration repository (${target.reason})`, () => {
    describeMigrationRepositoryContract('mongoose', () => Promise.reject(new Error(target.reason)));
  });
} else {
  afterAll(() => target.stop());
  describeMigrationRepositoryContract('mongoose', () => openRepository(target.uri));
}
