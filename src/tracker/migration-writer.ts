import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { trackerConfig } from '../config';
import { MigrationEventsService } from '../migration/migration-events.service';
import type { NewMigrationRecord, ViewerCountRecord } from '../migration/migration-record';
import { MigrationRepository } from '../migration/migration-repository.port';
import type { ChannelCheckpoint } from './engine-checkpoint';
import type { Migration } from './migration-detector';
import { TrackerCheckpointRepository } from './tracker-checkpoint.repository';
import { type CarriedKeys, TrackingEngine } from './tracking-engine';

/** Migrations held for a retry while the store is down (about 20 MB), so an outage does not eat memory. */
const MAX_UNSAVED_MIGRATIONS = 100_000;

/** The channel presence a restart resumed: the monitored channels reconcile with it once. */
export interface ResumedPresence {
  /** What kind of presence each channel had (a polled list, or chat events). */
  channels: Map<string, ChannelCheckpoint['kind']>;
  /** Clock time of the checkpoint. */
  savedAt: number;
}

/**
 * Stores what the engine makes final: after each round the migrations that became final and the viewer
 * counts sampled, then a checkpoint of what the engine holds (pending leaves and joins, who is present
 * where), from which a restart resumes. A batch the store refused is kept and tried again first.
 */
@Injectable()
export class MigrationWriter {
  private readonly logger = new Logger(MigrationWriter.name);
  private readonly pendingCounts: ViewerCountRecord[] = [];
  private readonly unsaved: NewMigrationRecord[] = [];
  // Flushes are chained so two rounds never write (or advance the engine) concurrently.
  private flushing: Promise<void> = Promise.resolve();
  private stored = 0;
  /** Keys of checkpoint deltas not stored yet; exported again with the next one. */
  private carried: CarriedKeys | undefined;
  /** What the last stored checkpoint said besides users and channels, to skip rounds that changed nothing. */
  private savedMetaKey = '';

  constructor(
    @Inject(trackerConfig.KEY) private readonly config: ConfigType<typeof trackerConfig>,
    private readonly engine: TrackingEngine,
    private readonly repository: MigrationRepository,
    private readonly events: MigrationEventsService,
    private readonly checkpoints: TrackerCheckpointRepository,
    private readonly clock: Clock,
  ) {}

  /** Migrations stored by this process. */
  get migrationsRecorded(): number {
    return this.stored;
  }

  /** Migrations the store refused, waiting for a retry. */
  get unsavedMigrations(): number {
    return this.unsaved.length;
  }

  /**
   * Resumes the engine from the stored checkpoint: pending leaves and joins always (the first advance
   * finalizes or drops what the downtime made final), presence only when the checkpoint is recent enough
   * that a leave and a join seen at the first polls are within the window of each other, and then returns
   * it. Otherwise the first poll of each channel is a baseline again, and the stale rows are deleted with
   * the next checkpoint.
   */
  async resume(): Promise<ResumedPresence | null> {
    const saved = await this.checkpoints.load();
    if (!saved) return null;
    const age = this.clock.now() - saved.savedAt;
    const presence = age >= 0 && age <= this.config.windowMs - this.config.pollIntervalMs;
    this.engine.restore(saved, { presence });
    if (!presence) this.carried = { users: [], channels: [...saved.channels.keys()] };
    this.logger.log(
      `Resumed from the checkpoint of ${new Date(saved.savedAt).toISOString()}: ` +
        `${saved.users.size} users with pending leaves or joins, ` +
        (presence
          ? `presence of ${saved.channels.size} channels`
          : 'presence too old to compare with (first polls are baselines)'),
    );
    if (!presence) return null;
    return {
      channels: new Map([...saved.channels].map(([channel, state]) => [channel, state.kind])),
      savedAt: saved.savedAt,
    };
  }

  /** A sample of a channel's audience, stored with the next flush. */
  addViewerCount(count: ViewerCountRecord): void {
    this.pendingCounts.push(count);
  }

  /**
   * Stores the migrations that became final by now, the viewer counts, then the checkpoint.
   * `settling` (at shutdown): pairs every leave and join already seen, since no later event will come.
   */
  flush(settling = false): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeFinal(settling));
    return this.flushing;
  }

  private async writeFinal(settling: boolean): Promise<void> {
    const final = settling ? this.engine.settle() : this.engine.advance(this.clock.now());
    // A batch the store refused is tried again first; saveBatch is idempotent, so a retry never doubles.
    const migrations = [...this.unsaved.splice(0), ...final.map(toRecord)];
    const counts = this.pendingCounts.splice(0);
    try {
      if (migrations.length > 0) {
        // Only what was stored (with its id) is announced: a repeat of a stored migration is not news.
        const stored = await this.repository.saveBatch(migrations);
        this.stored += stored.length;
        this.events.publish(stored);
      }
    } catch (error) {
      this.keepUnsaved(migrations);
      this.logger.error(
        `Could not store ${migrations.length} migrations (kept to retry): ${(error as Error).message}`,
      );
    }
    try {
      if (counts.length > 0) await this.repository.saveViewerCounts(counts);
    } catch (error) {
      this.logger.warn(`Could not store ${counts.length} viewer counts: ${(error as Error).message}`);
    }
    await this.saveCheckpoint();
  }

  /**
   * Stores what the round changed in the engine, after the round's migrations: a crash between the two
   * leaves the previous checkpoint, from which those migrations are paired again (storing is idempotent).
   * While the store holds migrations back, the stored checkpoint stays at the last round that stored
   * everything, for the same reason; the changes wait and go with the next checkpoint.
   */
  private async saveCheckpoint(): Promise<void> {
    const delta = this.engine.checkpoint(this.carried);
    const keys = { users: [...delta.users.keys()], channels: [...delta.channels.keys()] };
    const { raids, activityJoins, membershipUsed } = delta.meta;
    const metaKey = JSON.stringify([raids, activityJoins, membershipUsed]);
    if (keys.users.length === 0 && keys.channels.length === 0 && metaKey === this.savedMetaKey) return;
    if (this.unsaved.length > 0) {
      this.carried = keys;
      return;
    }
    try {
      await this.checkpoints.save(delta, this.clock.date());
      this.carried = undefined;
      this.savedMetaKey = metaKey;
    } catch (error) {
      this.carried = keys;
      this.logger.error(
        `Could not store the tracker's checkpoint (kept to retry): ${(error as Error).message}`,
      );
    }
  }

  private keepUnsaved(migrations: NewMigrationRecord[]): void {
    const overflow = migrations.length - MAX_UNSAVED_MIGRATIONS;
    if (overflow > 0) {
      this.logger.error(`The store is still down: dropping the ${overflow} oldest unsaved migrations`);
      migrations.splice(0, overflow);
    }
    this.unsaved.push(...migrations);
  }
}

function toRecord(migration: Migration): NewMigrationRecord {
  return {
    userLogin: migration.login.toLowerCase(),
    fromChannel: migration.fromChannel.toLowerCase(),
    toChannel: migration.toChannel.toLowerCase(),
    leftAt: new Date(migration.leftAt),
    joinedAt: new Date(migration.joinedAt),
    viaRaid: migration.viaRaid,
    source: migration.source,
  };
}
