import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { MigrationRepository } from './migration-repository.port';
import { MigrationRetentionJob } from './migration-retention.job';

const NOW = Date.parse('2026-05-10T12:00:00Z');
const DAY = 86_400_000;

function jobWith(purgeOlderThan: (before: Date) => Promise<number>) {
  const repository = { purgeOlderThan } as unknown as MigrationRepository;
  return new MigrationRetentionJob(repository, new ManualClock(NOW), { retentionMs: 30 * DAY });
}

describe('MigrationRetentionJob', () => {
  it('purges raw migrations older than the retention', async () => {
    const cutoffs: Date[] = [];
    const job = jobWith(async (before) => {
      cutoffs.push(before);
      return 3;
    });
    await expect(job.purge()).resolves.toBe(3);
    expect(cutoffs).toEqual([new Date(NOW - 30 * DAY)]);
  });

  it('survives a failing store, leaving the rows to the next run', async () => {
    const job = jobWith(() => Promise.reject(new Error('database is locked')));
    await expect(job.purge()).resolves.toBe(0);
  });
});
