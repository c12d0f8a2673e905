import { randomBytes } from 'node:crypto';
import { afterAll, describe, it } from '@jest/globals';
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
import { describeMigrationRepositoryContract } from './migration-repository.contract';

const START_TIMEOUT_MS = 20_000;
// Far beyond the fixtures' dates, so that the TTL monitor never races the assertions.
const TEST_RETENTION_SECONDS = 100 * 365 * 24 * 3600;

interface MongoTarget {
  uri: string;
  stop(): Promise<void>;
}

/** MONGODB_URI, else a mongod from mongodb-memory-server; null with the reason when neither is available. */
async function mongoTarget(): Promise<MongoTarget | { reason: string }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => undefined };
  try {
    const { MongoMemoryServer } = await import('mongodb-memory-server');
    const starting = MongoMemoryServer.create();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no mongod after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    });
    try {
      const server = await Promise.race([starting, timeout]);
      return { uri: server.getUri(), stop: async () => void (await server.stop()) };
    } catch (error) {
      // A server that comes up after the deadline must not outlive the suite.
      starting.then((late) => late.stop()).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    return {
      reason: `MONGODB_URI is not set and mongodb-memory-server could not start a mongod: ${String(error)}`,
    };
  }
}

// @ts-expect-error -- TS1309: tsc sees a CommonJS file, but Jest runs it as ESM, where top-level await is valid.
const target = await mongoTarget();

if ('reason' in target) {
  process.stderr.write(`SKIPPED: Mongoose MigrationRepository contract — ${target.reason}\n`);
  describe.skip('Mongoose migration repository (no MongoDB available)', () => {
    it.skip(target.reason, () => undefined);
  });
} else {
  afterAll(() => target.stop());
  describeMigrationRepositoryContract('mongoose', async () => {
    const connection = await mongoose
      .createConnection(target.uri, { dbName: `tmt_test_${randomBytes(5).toString('hex')}` })
      .asPromise();
    const migrations = connection.model(
      MigrationDocument.name,
      createMigrationSchema(TEST_RETENTION_SECONDS),
    );
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
  });
}
