import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, ServiceStoppingError, TwitchUnavailableError } from '../common/domain-error';
import { streamsConfig } from '../config';
import { TwitchRequestError } from '../twitch/twitch-request-error';
import { TwitchStreamsPort } from '../twitch/twitch-streams.port';
import { collectTopStreams } from './top-streams-collector';
import { LatestSnapshotService } from './latest-snapshot.service';
import { SnapshotRepository } from './snapshot.repository';
import type { SnapshotRecord } from './stream-record';

const CRON_NAME = 'top-streams-refresh';
const KEPT = '; the previous snapshot stays in service';

/** A SERVICE_UNAVAILABLE answer to a `refreshTopStreams` caller: the run ended with the service. */
export class JobStoppedError extends ServiceStoppingError {
  constructor() {
    super('Top-streams refresh stopped because the service is shutting down');
    this.name = 'JobStoppedError';
  }
}

/**
 * Fetches the top live streams and stores them as one snapshot. One run at a time: a trigger during a
 * run joins it. A failed run writes nothing, so the previous snapshot stays in service.
 */
@Injectable()
export class TopStreamsJob implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(TopStreamsJob.name);
  private running: Promise<SnapshotRecord> | null = null;
  private stopping = false;
  private lastRun: { at: Date; ok: boolean; error?: string } | null = null;

  constructor(
    private readonly twitch: TwitchStreamsPort,
    private readonly repository: SnapshotRepository,
    private readonly latest: LatestSnapshotService,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(streamsConfig.KEY) private readonly config: ConfigType<typeof streamsConfig>,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.refreshCron,
      onTick: () => this.runInBackground('schedule'),
      start: true,
    });
    this.scheduler.addCronJob(CRON_NAME, job);
    if (this.config.refreshOnStart) this.runInBackground('start-up');
  }

  /** First step of a stop: no run starts any more, and the one under way ends with its Twitch calls. */
  onModuleDestroy(): void {
    this.stopping = true;
    if (this.scheduler.doesExist('cron', CRON_NAME)) this.scheduler.deleteCronJob(CRON_NAME);
  }

  /** A run that is writing its snapshot finishes before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  get lastRunStatus() {
    return this.lastRun;
  }

  /** Starts a run, or joins the one under way. */
  run(trigger: string): Promise<SnapshotRecord> {
    if (this.stopping) return Promise.reject(new JobStoppedError());
    this.running ??= this.execute(trigger).finally(() => (this.running = null));
    return this.running;
  }

  private runInBackground(trigger: string): void {
    this.run(trigger).catch(() => undefined);
  }

  private async execute(trigger: string): Promise<SnapshotRecord> {
    const startedAt = this.clock.now();
    this.logger.log(`Refreshing the top ${this.config.topN} streams (${trigger})`);
    let step: RunStep = 'fetch';
    try {
      const collected = await collectTopStreams(this.twitch, this.config.topN, {
        shouldStop: () => this.stopping,
        onPage: (page, total) => this.logger.debug(`Fetched page ${page}: ${total} distinct streams so far`),
      });
      if (this.stopping) throw new JobStoppedError();
      step = 'store';
      const snapshot = await this.repository.save(
        {
          takenAt: new Date(startedAt),
          pagesFetched: collected.pages,
          durationMs: this.clock.now() - startedAt,
          streams: collected.streams,
        },
        this.config.keepSnapshots,
      );
      this.latest.publish(snapshot);
      this.lastRun = { at: this.clock.date(), ok: true };
      this.logger.log(
        `Snapshot ${snapshot.id}: ${snapshot.streamCount} streams from ${collected.pages} pages ` +
          `(${collected.duplicates} duplicates dropped) in ${this.clock.now() - startedAt} ms`,
      );
      return snapshot;
    } catch (caught) {
      // Whatever a stop cut short (a cancelled Twitch call, a closing pool) is reported as the stop.
      const error = this.stopping || caught instanceof ServiceStoppingError ? new JobStoppedError() : caught;
      const answer = answerFor(error, step);
      const message = answer instanceof Error ? answer.message : String(answer);
      this.lastRun = { at: this.clock.date(), ok: false, error: message };
      const elapsed = this.clock.now() - startedAt;
      if (error instanceof JobStoppedError) {
        this.logger.warn(`${message} (after ${elapsed} ms); nothing written`);
      } else {
        // The log also gets what Twitch or the store said (redacted by the logger); callers never do.
        const detail =
          error instanceof TwitchRequestError
            ? error.detail
            : error instanceof Error
              ? error.message
              : String(error);
        this.logger.error(`Top-streams refresh failed after ${elapsed} ms: ${message} (${detail})`);
      }
      throw answer;
    }
  }
}

type RunStep = 'fetch' | 'store';

/**
 * What callers of a failed run (the mutation, /health) are told: which step failed and, for Twitch, its
 * status; a failure that is neither Twitch's nor the store's (a bug) goes on as it is.
 */
function answerFor(error: unknown, step: RunStep): unknown {
  if (error instanceof JobStoppedError) return error;
  if (step === 'store') return new DomainError(ErrorCode.Unavailable, `Storing the snapshot failed${KEPT}`);
  if (error instanceof TwitchRequestError) {
    return new TwitchUnavailableError(`Fetching the top streams failed: ${error.message}${KEPT}`);
  }
  return error;
}
