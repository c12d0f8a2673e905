import { describe, expect, it } from '@jest/globals';
import type { Sequelize } from 'sequelize-typescript';
import type { MigrationRepository } from '../migration/migration-repository.port';
import type { LatestSnapshotService } from '../streams/latest-snapshot.service';
import type { TopStreamsJob } from '../streams/top-streams.job';
import type { TwitchChatPort } from '../twitch/twitch-chat.port';
import { HealthService } from './health.service';

interface Setup {
  sqlError?: Error;
  store?: 'SQL' | 'MONGODB';
  mongoError?: Error;
  chat?: { opened: boolean; connected: boolean };
}

function healthWith(setup: Setup): HealthService {
  const sequelize = {
    authenticate: async () => {
      if (setup.sqlError) throw setup.sqlError;
    },
    getDialect: () => 'sqlite',
  } as unknown as Sequelize;
  const migrations = {
    store: setup.store ?? 'SQL',
    ping: async () => {
      if (setup.mongoError) throw setup.mongoError;
    },
  } as unknown as MigrationRepository;
  const chat = (setup.chat ?? { opened: false, connected: false }) as unknown as TwitchChatPort;
  const latest = { current: async () => ({ id: 4, takenAt: new Date(0), streamCount: 1 }) };
  const job = { lastRunStatus: null };
  return new HealthService(
    sequelize,
    migrations,
    chat,
    latest as unknown as LatestSnapshotService,
    job as unknown as TopStreamsJob,
  );
}

describe('HealthService', () => {
  it('is ok when SQL answers and chat is not in use', async () => {
    const report = await healthWith({}).check();
    expect(report).toMatchObject({
      status: 'ok',
      sql: { ok: true, dialect: 'sqlite' },
      migrationStore: { store: 'SQL', ok: true },
      chat: { inUse: false, connected: false },
      topStreams: { latestSnapshotId: 4 },
    });
  });

  it('checks MongoDB on its own when migrations are stored there', async () => {
    const report = await healthWith({
      store: 'MONGODB',
      mongoError: new Error('connection refused'),
    }).check();
    expect(report.status).toBe('degraded');
    expect(report.sql.ok).toBe(true);
    expect(report.migrationStore).toEqual({ store: 'MONGODB', ok: false, error: 'connection refused' });
  });

  it('shows the SQL failure on the migration store when that is where migrations are', async () => {
    const report = await healthWith({ sqlError: new Error('SQLITE_CANTOPEN') }).check();
    expect(report.status).toBe('degraded');
    expect(report.migrationStore).toEqual({ store: 'SQL', ok: false, error: 'SQLITE_CANTOPEN' });
    expect(report.topStreams.latestSnapshotId).toBeNull();
  });

  it('is degraded while chat in use is reconnecting', async () => {
    const reconnecting = await healthWith({ chat: { opened: true, connected: false } }).check();
    expect(reconnecting.status).toBe('degraded');
    const connected = await healthWith({ chat: { opened: true, connected: true } }).check();
    expect(connected.status).toBe('ok');
  });
});
