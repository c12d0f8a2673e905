import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { migrationConfig } from '../config';
import { MigrationRepository } from './migration-repository.port';

/**
 * Deletes raw migrations older than MIGRATIONS_RETENTION, hourly. Only for the SQL store: MongoDB expires
 * them itself through the TTL index. Hourly edge buckets are kept, so graphs over whole hours stay complete.
 */
@Injectable()
export class MigrationRetentionJob {
  private readonly logger = new Logger(MigrationRetentionJob.name);

  constructor(
    private readonly repository: MigrationRepository,
    private readonly clock: Clock,
    @Inject(migrationConfig.KEY) private readonly config: ConfigType<typeof migrationConfig>,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'migrations-retention' })
  async purge(): Promise<number> {
    const before = new Date(this.clock.now() - this.config.retentionMs);
    try {
      const deleted = await this.repository.purgeOlderThan(before);
      if (deleted > 0)
        this.logger.log(`Purged ${deleted} migrations that joined before ${before.toISOString()}`);
      return deleted;
    } catch (error) {
      // The next hour retries; a failed purge only keeps rows a little longer.
      this.logger.error(
        `Purging migrations failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 0;
    }
  }
}
