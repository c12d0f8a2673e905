import { describe, expect, it } from '@jest/globals';
import type { Sequelize } from 'sequelize-typescript';
import type { TwitchConfig } from '../config';
import type { CacheCheck, CacheStoreService } from '../cache/cache-store.service';
import type { MigrationRepository } from '../migration/migration-repository.port';
import type { LatestSnapshotService } from '../streams/latest-snapshot.service';
import type { TopStreamsJob } from '../streams/top-streams.job';
import type { PollCycleView, TrackerService } from '../tracker/tracker.service';
import { ModeratorCredentials } from '../twitch/moderator-credentials';
import type { TwitchChatPort } from '../twitch/twitch-chat.port';
import { HealthService } from './health.service';

interface Setup {
  sqlError?: Error;
  store?: 'SQL' | 'MONGODB';
  mongoError?: Error;
  chat?: { opened: boolean; connected: boolean };
  cache?: CacheCheck;
  lastRun?: { at: Date; ok: boolean; error?: string };
  pollCycle?: PollCycleView;
  moderatorToken?: string;
}

function healthWith(
  setup: Setup,
  moderator = new ModeratorCredentials({ moderatorToken: setup.moderatorToken } as TwitchConfig),
) {
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
  const job = { lastRunStatus: setup.lastRun ?? null };
  const cache = { check: async () => setup.cache ?? { store: 'MEMORY', ok: true } };
  const tracker = {
    status: () => ({ running: true }),
    pollCycleStatus: () => setup.pollCycle ?? null,
  };
  return new HealthService(
    sequelize,
    migrations,
    chat,
    latest as unknown as LatestSnapshotService,
    job as unknown as TopStreamsJob,
    cache as unknown as CacheStoreService,
    tracker as unknown as TrackerService,
    moderator,
  );
}

describe('HealthService', () => {
  it('is ok when every part is', async () => {
    const report = await healthWith({}).check();
    expect(report).toMatchObject({
      status: 'ok',
      failing: [],
      sql: { ok: true, dialect: 'sqlite' },
      migrationStore: { store: 'SQL', ok: true },
      cache: { store: 'MEMORY', ok: true },
      chat: { ok: true, inUse: false, connected: false },
      topStreams: { ok: true, latestSnapshotId: 4 },
      tracker: { ok: true, running: true, lastPollCycle: null },
      moderatorToken: { configured: false, usable: false, origin: null },
    });
  });

  it('checks MongoDB on its own when migrations are stored there', async () => {
    const report = await healthWith({
      store: 'MONGODB',
      mongoError: new Error('connection refused'),
    }).check();
    expect(report.status).toBe('degraded');
    expect(report.failing).toEqual(['migrationStore']);
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
    expect(reconnecting.failing).toEqual(['chat']);
    const connected = await healthWith({ chat: { opened: true, connected: true } }).check();
    expect(connected.status).toBe('ok');
  });

  it('is degraded while Redis does not answer', async () => {
    const report = await healthWith({
      cache: { store: 'REDIS', ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' },
    }).check();
    expect(report.status).toBe('degraded');
    expect(report.failing).toEqual(['cache']);
    expect(report.cache.error).toContain('ECONNREFUSED');
  });

  it('is degraded when the last top-streams run failed, and ok again after one that succeeded', async () => {
    const failed = await healthWith({
      lastRun: { at: new Date(1), ok: false, error: 'Helix answered 500' },
    }).check();
    expect(failed.status).toBe('degraded');
    expect(failed.failing).toEqual(['topStreams']);
    expect(failed.topStreams).toMatchObject({ ok: false, latestSnapshotId: 4, lastRun: { ok: false } });
    expect(failed.topStreams.error).toContain('Helix answered 500');
    const succeeded = await healthWith({ lastRun: { at: new Date(2), ok: true } }).check();
    expect(succeeded.status).toBe('ok');
  });

  it('is degraded when every poll of the last poll cycle failed, not when some did', async () => {
    const endedAt = new Date(0);
    const allFailed = await healthWith({ pollCycle: { endedAt, polls: 8, failed: 8 } }).check();
    expect(allFailed.failing).toEqual(['tracker']);
    expect(allFailed.tracker.error).toBe('all 8 polls of the last poll cycle failed');
    const someFailed = await healthWith({ pollCycle: { endedAt, polls: 8, failed: 7 } }).check();
    expect(someFailed.status).toBe('ok');
    const none = await healthWith({ pollCycle: { endedAt, polls: 0, failed: 0 } }).check();
    expect(none.status).toBe('ok');
  });

  it('reports a moderator token Twitch refused, without the token, and stays ok', async () => {
    const moderator = new ModeratorCredentials({ moderatorToken: 'garbage-token' } as TwitchConfig);
    moderator.refuse(moderator.revision, 'the token validation answered 401');
    const report = await healthWith({}, moderator).check();
    expect(report.status).toBe('ok');
    expect(report.moderatorToken).toEqual({
      configured: true,
      usable: false,
      origin: 'TWITCH_MODERATOR_TOKEN',
      error: expect.stringContaining('answered 401'),
    });
    expect(JSON.stringify(report)).not.toContain('garbage-token');
  });
});
