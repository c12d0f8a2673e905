import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { NotReadyError } from '../common/domain-error';
import { SnapshotRepository } from './snapshot.repository';
import type { SnapshotRecord } from './stream-record';

/** How long a process trusts its idea of the latest snapshot before asking the database again. */
const RECHECK_MS = 5_000;

/**
 * The latest complete snapshot, held in memory so hot read paths cost no query. The job in this process
 * publishes new snapshots at once; the periodic re-check picks up snapshots written by other processes.
 */
@Injectable()
export class LatestSnapshotService {
  private snapshot: SnapshotRecord | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<SnapshotRecord | null> | null = null;

  constructor(
    private readonly repository: SnapshotRepository,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<SnapshotRecord | null> {
    if (this.clock.now() - this.checkedAt < RECHECK_MS) return this.snapshot;
    this.pending ??= this.reload().finally(() => (this.pending = null));
    return this.pending;
  }

  /** The latest snapshot, or NOT_READY for the caller while the first one is being fetched. */
  async required(): Promise<SnapshotRecord> {
    const snapshot = await this.current();
    if (!snapshot) {
      throw new NotReadyError('No complete top-streams snapshot yet; the first one is being fetched');
    }
    return snapshot;
  }

  publish(snapshot: SnapshotRecord): void {
    if (!this.snapshot || snapshot.id >= this.snapshot.id) this.snapshot = snapshot;
    this.checkedAt = this.clock.now();
  }

  private async reload(): Promise<SnapshotRecord | null> {
    const latest = await this.repository.latest();
    if (latest) this.publish(latest);
    else this.checkedAt = this.clock.now();
    return this.snapshot;
  }
}
