import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
import { MigrationRepository } from '../migration/migration-repository.port';
import { LatestSnapshotService } from '../streams/latest-snapshot.service';
import { TopStreamsJob } from '../streams/top-streams.job';
import { TwitchChatPort } from '../twitch/twitch-chat.port';

interface Check {
  ok: boolean;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  sql: Check & { dialect: string };
  /** Where migrations are stored: the SQL database above, or MongoDB (checked on its own). */
  migrationStore: Check & { store: 'SQL' | 'MONGODB' };
  /** Chat is opened only when some channel is tracked through it; reconnecting counts as degraded. */
  chat: { inUse: boolean; connected: boolean };
  topStreams: {
    latestSnapshotId: number | null;
    latestSnapshotAt: Date | null;
    lastRun: { at: Date; ok: boolean; error?: string } | null;
  };
}

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly sequelize: Sequelize,
    private readonly migrations: MigrationRepository,
    private readonly chat: TwitchChatPort,
    private readonly latest: LatestSnapshotService,
    private readonly job: TopStreamsJob,
  ) {}

  async check(): Promise<HealthReport> {
    const [sql, store] = await Promise.all([
      probe(() => this.sequelize.authenticate()),
      this.migrations.store === 'SQL' ? null : probe(() => this.migrations.ping()),
    ]);
    const migrationStore = { store: this.migrations.store, ...(store ?? sql) };
    const snapshot = sql.ok ? await this.latest.current().catch(() => null) : null;
    const chat = { inUse: this.chat.opened, connected: this.chat.connected };
    const healthy = sql.ok && migrationStore.ok && (!chat.inUse || chat.connected);
    return {
      status: healthy ? 'ok' : 'degraded',
      sql: { ...sql, dialect: this.sequelize.getDialect() },
      migrationStore,
      chat,
      topStreams: {
        latestSnapshotId: snapshot?.id ?? null,
        latestSnapshotAt: snapshot?.takenAt ?? null,
        lastRun: this.job.lastRunStatus,
      },
    };
  }
}

function probe(check: () => Promise<unknown>): Promise<Check> {
  return check().then(
    () => ({ ok: true }),
    (error: Error) => ({ ok: false, error: error.message }),
  );
}
