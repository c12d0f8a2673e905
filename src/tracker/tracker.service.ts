import { performance } from 'node:perf_hooks';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { BadUserInputError, TwitchUnavailableError } from '../common/domain-error';
import { trackerConfig } from '../config';
import {
  ChattersForbiddenError,
  ModeratorTokenRefusedError,
  TwitchChattersPort,
} from '../twitch/twitch-chatters.port';
import { TwitchUsersPort } from '../twitch/twitch-users.port';
import { ChannelSelectionService } from './channel-selection.service';
import { ChatPresenceRouter } from './chat-presence-router';
import { MigrationWriter } from './migration-writer';
import { type MonitoredChannelState, MonitoredChannels } from './monitored-channels';
import { ConcurrencyLimiter } from './poll-scheduler';
import { RaidFollower } from './raid-follower';
import { TrackingEngine } from './tracking-engine';

/** Cadence of the rounds on the clock; the scheduler decides which channels are due. */
const TICK_MS = 1_000;
/** Get Chatters calls in flight at once, across ticks. */
const MAX_CONCURRENT_POLLS = 8;

/** The polls of one poll cycle (TRACKER_POLL_INTERVAL, in which every channel is polled once). */
export interface PollCycleView {
  endedAt: Date;
  /** Polls finished in the cycle. */
  polls: number;
  /** Of those, the ones that failed (a channel refused to the token falls back to chat: not a failure). */
  failed: number;
}

/** A monitored channel as the API shows it. */
export interface MonitoredChannelView extends MonitoredChannelState {
  /** Whether raids into it arrive from EventSub `channel.raid` (otherwise only from its chat, if read). */
  raidsFollowed: boolean;
}

export interface TrackerStatusView {
  running: boolean;
  channels: number;
  raidFollowedChannels: number;
  keptChannels: number;
  unwatchedChannels: number;
  pollIntervalMs: number;
  helixPointsPerMinute: number;
  plannedHelixPointsPerMinute: number;
  moderatorTokens: number;
  trackedUsers: number;
  migrationsRecorded: number;
  lastRoundAt: Date | null;
  lastRoundMs: number | null;
}

/**
 * Runs the tracking engine in rounds: brings the monitored channels in line with the selection, polls
 * the ones due on the scheduler's slots (chat channels feed the engine through the chat router between
 * rounds), then has the writer store what became final and a checkpoint, from which a restart resumes:
 * a crash loses no migration whose leave and join a completed round observed.
 */
@Injectable()
export class TrackerService implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(TrackerService.name);
  private readonly limiter = new ConcurrencyLimiter(MAX_CONCURRENT_POLLS);
  private readonly inFlight = new Set<string>();
  /** Ticks still under way (polls can wait on the rate limit); shutdown waits for them before its flush. */
  private readonly ticking = new Set<Promise<void>>();
  private stopRounds: (() => void) | null = null;
  private running = false;
  private lastRoundAt: Date | null = null;
  private lastRoundMs: number | null = null;
  private pollCycle = { startedAt: Number.NaN, polls: 0, failed: 0 };
  private lastPollCycle: PollCycleView | null = null;

  constructor(
    @Inject(trackerConfig.KEY) private readonly config: ConfigType<typeof trackerConfig>,
    private readonly selection: ChannelSelectionService,
    private readonly channels: MonitoredChannels,
    private readonly chatters: TwitchChattersPort,
    private readonly chat: ChatPresenceRouter,
    private readonly raids: RaidFollower,
    private readonly writer: MigrationWriter,
    private readonly engine: TrackingEngine,
    private readonly clock: Clock,
    private readonly users: TwitchUsersPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) return;
    const resumed = await this.writer.resume();
    if (resumed) this.channels.resumeFrom(resumed);
    this.running = true;
    this.stopRounds = this.clock.every(TICK_MS, () => void this.tick());
    this.logger.log(`Tracking up to ${this.config.channels} channels (plus pinned)`);
  }

  /** First step of a stop: no new round starts (rounds under way end as their Twitch calls are cancelled). */
  onModuleDestroy(): void {
    this.stopRounds?.();
    this.stopRounds = null;
  }

  /**
   * Stops polling, then stores every migration the events seen so far make (pairs still waiting for the
   * watermark are final now: no later event will come before the stop) and a last checkpoint, which keeps
   * the leaves and joins without a partner for a restart. Runs before Nest's shutdown hooks so the
   * database connection is still open.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopRounds?.();
    this.chat.stopRouting();
    // Their polls would otherwise finish after the database closed, and their migrations be lost.
    await Promise.all(this.ticking);
    await this.writer.flush(true);
    const { pending } = this.engine.stats();
    if (pending > 0) this.logger.log(`Stopped; ${pending} unpaired presence events kept for a restart`);
    const unsaved = this.writer.unsavedMigrations;
    if (unsaved > 0) {
      this.logger.error(
        `Stopped with ${unsaved} migrations the store did not accept; ` +
          'the checkpoint of the last round that stored everything still holds them',
      );
    }
    await this.chat.close();
    await this.raids.close();
  }

  /** One round at the clock's time: polls the due channels, then stores what became final. */
  tick(): Promise<void> {
    if (!this.running) return Promise.resolve();
    const round = this.round();
    this.ticking.add(round);
    void round.finally(() => this.ticking.delete(round));
    return round;
  }

  private async round(): Promise<void> {
    const started = performance.now();
    try {
      await this.selection.refresh();
      this.channels.checkCredentials();
      this.channels.apply();
      this.raids.sync(this.channels.all());
      this.channels.budgetPolls();
      const now = this.clock.now();
      this.closePollCycle(now);
      const due = this.channels.due(now).filter((login) => !this.inFlight.has(login));
      await Promise.all(due.map((login) => this.poll(login)));
      await this.writer.flush();
      this.lastRoundAt = this.clock.date();
      // Wall time on purpose: how long the round really took, whatever clock drives the tracker.
      this.lastRoundMs = performance.now() - started;
    } catch (error) {
      this.logger.error(`Tracker round failed: ${(error as Error).message}`);
    }
  }

  /** The last completed poll cycle, for /health (null until one has completed). */
  pollCycleStatus(): PollCycleView | null {
    return this.lastPollCycle;
  }

  private closePollCycle(now: number): void {
    const cycle = this.pollCycle;
    if (Number.isNaN(cycle.startedAt)) cycle.startedAt = now;
    if (now - cycle.startedAt < this.config.pollIntervalMs) return;
    this.lastPollCycle = { endedAt: new Date(now), polls: cycle.polls, failed: cycle.failed };
    this.pollCycle = { startedAt: now, polls: 0, failed: 0 };
  }

  monitored(): MonitoredChannelView[] {
    return this.channels.all().map((state) => this.view(state));
  }

  private view(state: MonitoredChannelState): MonitoredChannelView {
    return { ...state, raidsFollowed: this.raids.isFollowed(state.login) };
  }

  status(): TrackerStatusView {
    const monitored = this.channels.all();
    const budget = this.channels.pollBudget();
    return {
      running: this.running,
      channels: monitored.length,
      raidFollowedChannels: this.raids.followedCount,
      keptChannels: monitored.filter((channel) => channel.keptUntil !== null).length,
      unwatchedChannels: monitored.filter((channel) => channel.unwatchedReason !== null).length,
      pollIntervalMs: budget.pollIntervalMs,
      helixPointsPerMinute: budget.pointsPerMinute,
      plannedHelixPointsPerMinute: budget.plannedPointsPerMinute,
      moderatorTokens: budget.moderatorTokens,
      trackedUsers: this.engine.stats().trackedUsers,
      migrationsRecorded: this.writer.migrationsRecorded,
      lastRoundAt: this.lastRoundAt,
      lastRoundMs: this.lastRoundMs,
    };
  }

  /** @throws BadUserInputError when Twitch has no channel of that login. */
  async pin(login: string, pinnedBy: string | null): Promise<MonitoredChannelView> {
    await this.selection.refresh();
    if (!this.selection.selected().some((channel) => channel.login === login)) await this.mustExist(login);
    await this.selection.pin(login, pinnedBy);
    if (this.running) this.channels.apply();
    const state = this.channels.get(login);
    if (state) return this.view(state);
    // Tracker disabled: the pin is kept and shown as it would be monitored.
    return this.view(
      this.channels.preview(this.selection.selected().find((channel) => channel.login === login)!),
    );
  }

  private async mustExist(login: string): Promise<void> {
    const user = await this.users.findByLogin(login).catch((error: unknown) => {
      throw new TwitchUnavailableError(
        `Twitch could not say whether ${login} exists: ${(error as Error).message}`,
      );
    });
    if (!user) throw new BadUserInputError(`Twitch has no channel called ${login}`);
  }

  async unpin(login: string): Promise<boolean> {
    await this.selection.refresh();
    const removed = await this.selection.unpin(login);
    if (this.running) this.channels.apply();
    return removed;
  }

  /** Samples the channel; for CHATTERS also reads its list. Never throws. */
  private async poll(login: string): Promise<void> {
    const state = this.channels.get(login);
    if (!state) return;
    this.inFlight.add(login);
    let failed = false;
    try {
      let chatters: number | null = null;
      let at = this.clock.now();
      if (state.source === 'CHATTERS' && state.broadcasterId !== null) {
        const broadcasterId = state.broadcasterId;
        const result = await this.limiter.run(() => this.chatters.poll(broadcasterId));
        if (this.channels.get(login) !== state) return; // unmonitored meanwhile
        // Stamped when Twitch answered, not when the poll fell due: the list is the room as of then.
        at = this.clock.now();
        this.engine.applyChattersPoll(login, result.logins, at, result.complete);
        chatters = result.total;
        state.chatters = chatters;
        // Its audience has left: nothing more to see in a channel that is only kept for that.
        if (state.keptUntil && result.complete && result.total === 0) this.selection.release(login);
      }
      state.lastPolledAt = new Date(at);
      this.writer.addViewerCount({ channel: login, at: new Date(at), viewers: state.viewers, chatters });
    } catch (error) {
      if (error instanceof ChattersForbiddenError) {
        this.logger.warn(`Not a moderator of ${login}: falling back to chat presence`);
        this.channels.forbid(login);
      } else if (!(error instanceof ModeratorTokenRefusedError)) {
        // A refused token was logged once; the revision it bumped moves every channel to chat.
        failed = true;
        this.logger.warn(`Poll of ${login} failed: ${(error as Error).message}`);
      }
    } finally {
      this.inFlight.delete(login);
      // Counted when finished, so a poll held over a cycle's end counts once, in the cycle it ended in.
      this.pollCycle.polls++;
      if (failed) this.pollCycle.failed++;
    }
  }
}
