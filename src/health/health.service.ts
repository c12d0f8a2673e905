import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
import { CacheStoreService } from '../cache/cache-store.service';
import { MigrationRepository } from '../migration/migration-repository.port';
import { LatestSnapshotService } from '../streams/latest-snapshot.service';
import { TopStreamsJob } from '../streams/top-streams.job';
import { type PollCycleView, TrackerService } from '../tracker/tracker.service';
import { ModeratorCredentials } from '../twitch/moderator-credentials';
import { TwitchChatPort } from '../twitch/twitch-chat.port';

interface Check {
  ok: boolean;
  error?: string;
}

/** The parts whose `ok` decides the status (and the HTTP code: 200 or 503). */
const PARTS = ['sql', 'migrationStore', 'cache', 'chat', 'topStreams', 'tracker'] as const;

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** The parts that are not ok. */
  failing: (typeof PARTS)[number][];
  sql: Check & { dialect: string };
  /** Where migrations are stored: the SQL database above, or MongoDB (checked on its own). */
  migrationStore: Check & { store: 'SQL' | 'MONGODB' };
  /** Redis pinged when it holds the cache (logins need it); process memory is always ok. */
  cache: Check & { store: 'MEMORY' | 'REDIS' };
  /** Chat is opened only when some channel is tracked through it; reconnecting counts as a failure. */
  chat: Check & { inUse: boolean; connected: boolean };
  /** Not ok when the last run failed (the previous snapshot is still served meanwhile). */
  topStreams: Check & {
    latestSnapshotId: number | null;
    latestSnapshotAt: Date | null;
    lastRun: { at: Date; ok: boolean; error?: string } | null;
  };
  /** Not ok when every poll of the last poll cycle (one TRACKER_POLL_INTERVAL) failed. */
  tracker: Check & { running: boolean; lastPollCycle: PollCycleView | null };
  /**
   * Reported, not counted in the status: without a usable token the tracker reads chat instead, a
   * designed fallback that every process of a deployment would share.
   */
  moderatorToken: { configured: boolean; usable: boolean; origin: string | null; error?: string };
}

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly sequelize: Sequelize,
    private readonly migrations: MigrationRepository,
    private readonly chat: TwitchChatPort,
    private readonly latest: LatestSnapshotService,
    private readonly job: TopStreamsJob,
    private readonly cacheStore: CacheStoreService,
    private readonly tracker: TrackerService,
    private readonly moderator: ModeratorCredentials,
  ) {}

  async check(): Promise<HealthReport> {
    const [sql, store, cache] = await Promise.all([
      probe(() => this.sequelize.authenticate()),
      this.migrations.store === 'SQL' ? null : probe(() => this.migrations.ping()),
      this.cacheStore.check(),
    ]);
    const migrationStore = { store: this.migrations.store, ...(store ?? sql) };
    const snapshot = sql.ok ? await this.latest.current().catch(() => null) : null;
    const parts = {
      sql: { ...sql, dialect: this.sequelize.getDialect() },
      migrationStore,
      cache,
      chat: this.chatPart(),
      topStreams: this.topStreamsPart(snapshot),
      tracker: this.trackerPart(),
    };
    const failing = PARTS.filter((part) => !parts[part].ok);
    return {
      status: failing.length === 0 ? 'ok' : 'degraded',
      failing,
      ...parts,
      moderatorToken: this.moderatorPart(),
    };
  }

  private chatPart(): HealthReport['chat'] {
    const inUse = this.chat.opened;
    const connected = this.chat.connected;
    const ok = !inUse || connected;
    return { ok, ...(ok ? {} : { error: 'reconnecting to Twitch chat' }), inUse, connected };
  }

  private topStreamsPart(snapshot: { id: number; takenAt: Date } | null): HealthReport['topStreams'] {
    const lastRun = this.job.lastRunStatus;
    const ok = !lastRun || lastRun.ok;
    return {
      ok,
      ...(ok ? {} : { error: `the last top-streams run failed: ${lastRun?.error ?? 'unknown error'}` }),
      latestSnapshotId: snapshot?.id ?? null,
      latestSnapshotAt: snapshot?.takenAt ?? null,
      lastRun,
    };
  }

  private trackerPart(): HealthReport['tracker'] {
    const { running } = this.tracker.status();
    const lastPollCycle = this.tracker.pollCycleStatus();
    const ok = !lastPollCycle || lastPollCycle.polls === 0 || lastPollCycle.failed < lastPollCycle.polls;
    return {
      ok,
      ...(ok ? {} : { error: `all ${lastPollCycle?.polls} polls of the last poll cycle failed` }),
      running,
      lastPollCycle,
    };
  }

  private moderatorPart(): HealthReport['moderatorToken'] {
    const { grant, usable, refusal } = this.moderator;
    return {
      configured: grant !== undefined,
      usable,
      origin: grant?.origin ?? null,
      ...(refusal ? { error: `Twitch refused it (${refusal}); its channels are tracked through chat` } : {}),
    };
  }
}

function probe(check: () => Promise<unknown>): Promise<Check> {
  return check().then(
    () => ({ ok: true }),
    (error: Error) => ({ ok: false, error: error.message }),
  );
}
