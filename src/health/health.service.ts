import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
import { LatestSnapshotService } from '../streams/latest-snapshot.service';
import { TopStreamsJob } from '../streams/top-streams.job';

export interface HealthReport {
  status: 'ok' | 'degraded';
  sql: { ok: boolean; dialect: string; error?: string };
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
    private readonly latest: LatestSnapshotService,
    private readonly job: TopStreamsJob,
  ) {}

  async check(): Promise<HealthReport> {
    const sql = await this.sequelize
      .authenticate()
      .then(() => ({ ok: true }))
      .catch((error: Error) => ({ ok: false, error: error.message }));
    const snapshot = sql.ok ? await this.latest.current().catch(() => null) : null;
    return {
      status: sql.ok ? 'ok' : 'degraded',
      sql: { ...sql, dialect: this.sequelize.getDialect() },
      topStreams: {
        latestSnapshotId: snapshot?.id ?? null,
        latestSnapshotAt: snapshot?.takenAt ?? null,
        lastRun: this.job.lastRunStatus,
      },
    };
  }
}
