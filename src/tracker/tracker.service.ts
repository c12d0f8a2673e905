import { performance } from 'node:perf_hooks';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { trackerConfig } from '../config';
import { MigrationEventsService } from '../migration/migration-events.service';
import { MigrationRepository } from '../migration/migration-repository.port';
import type { NewMigrationRecord, ViewerCountRecord } from '../migration/migration-record';
import { TwitchChatPort, type ChatPresenceEvent } from '../twitch/twitch-chat.port';
import {
  ChattersForbiddenError,
  ModeratorTokenRefusedError,
  TwitchChattersPort,
} from '../twitch/twitch-chatters.port';
import { ChannelSelectionService, type SelectedChannel } from './channel-selection.service';
import type { ChannelCheckpoint } from './engine-checkpoint';
import type { Migration } from './migration-detector';
import { ConcurrencyLimiter, PollScheduler } from './poll-scheduler';
import type { PresenceSource } from '../migration/presence-source';
import { chooseSource } from './source-choice';
import { TrackerCheckpointRepository } from './tracker-checkpoint.repository';
import { type CarriedKeys, TrackingEngine } from './tracking-engine';

/** Wall-time cadence of the real timer; the scheduler decides which channels are due. */
const TICK_MS = 1_000;
/** Get Chatters calls in flight at once, across ticks. */
const MAX_CONCURRENT_POLLS = 8;
/** Migrations held for a retry while the store is down (about 20 MB), so an outage does not eat memory. */
const MAX_UNSAVED_MIGRATIONS = 100_000;

export interface MonitoredChannelState extends SelectedChannel {
  source: PresenceSource;
  since: Date;
  lastPolledAt: Date | null;
  chatters: number | null;
}

/** The polls of one poll cycle (TRACKER_POLL_INTERVAL, in which every channel is polled once). */
export interface PollCycleView {
  endedAt: Date;
  /** Polls finished in the cycle. */
  polls: number;
  /** Of those, the ones that failed (a channel refused to the token falls back to chat: not a failure). */
  failed: number;
}

export interface TrackerStatusView {
  running: boolean;
  channels: number;
  trackedUsers: number;
  migrationsRecorded: number;
  lastRoundAt: Date | null;
  lastRoundMs: number | null;
}

/**
 * Runs the tracking engine: keeps the monitored channels in line with the selection, polls them on the
 * scheduler's slots, routes chat events, and after each tick stores the migrations that became final,
 * then a checkpoint of what the engine holds (pending leaves and joins, who is present where), from
 * which a restart resumes: a crash loses no migration whose leave and join a completed round observed.
 */
@Injectable()
export class TrackerService implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(TrackerService.name);
  private readonly engine: TrackingEngine;
  private readonly scheduler: PollScheduler;
  private readonly limiter = new ConcurrencyLimiter(MAX_CONCURRENT_POLLS);
  private readonly channels = new Map<string, MonitoredChannelState>();
  private readonly inFlight = new Set<string>();
  private readonly forbidden = new Set<string>();
  private readonly pendingCounts: ViewerCountRecord[] = [];
  private readonly unsaved: NewMigrationRecord[] = [];
  private appliedRevision = -1;
  private credentialsRevision: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private chatReady: Promise<void> | null = null;
  private unsubscribeChat: (() => void) | null = null;
  // Flushes are chained so two ticks never write (or advance the engine) concurrently.
  private flushing: Promise<void> = Promise.resolve();
  private migrationsRecorded = 0;
  private lastRoundAt: Date | null = null;
  private lastRoundMs: number | null = null;
  private pollCycle = { startedAt: Number.NaN, polls: 0, failed: 0 };
  private lastPollCycle: PollCycleView | null = null;
  /** Keys of checkpoint deltas not stored yet; exported again with the next one. */
  private carried: CarriedKeys | undefined;
  /** What the last stored checkpoint said besides users and channels, to skip rounds that changed nothing. */
  private savedMetaKey = '';
  /** Channels whose presence came from the checkpoint, until the first selection confirms their source. */
  private resumedChannels: Map<string, ChannelCheckpoint['kind']> | null = null;
  /** Clock time of the checkpoint resumed from. */
  private resumedAt = 0;

  constructor(
    @Inject(trackerConfig.KEY) private readonly config: ConfigType<typeof trackerConfig>,
    private readonly selection: ChannelSelectionService,
    private readonly repository: MigrationRepository,
    private readonly chatters: TwitchChattersPort,
    private readonly chat: TwitchChatPort,
    private readonly clock: Clock,
    private readonly events: MigrationEventsService,
    private readonly checkpoints: TrackerCheckpointRepository,
  ) {
    this.engine = new TrackingEngine({
      windowMs: config.windowMs,
      leaveConfirmations: config.leaveConfirmations,
      activityTtlMs: config.activityTtlMs,
      botChannels: config.botChannels,
      pollIntervalMs: config.pollIntervalMs,
      checkpoints: true,
    });
    this.scheduler = new PollScheduler(config.pollIntervalMs);
    this.credentialsRevision = chatters.revision;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) return;
    await this.resume();
    this.running = true;
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
    this.logger.log(`Tracking up to ${this.config.channels} channels (plus pinned)`);
  }

  /** First step of a stop: no new round starts (rounds under way end as their Twitch calls are cancelled). */
  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
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
    if (this.timer) clearInterval(this.timer);
    this.unsubscribeChat?.();
    // Their polls would otherwise finish after the database closed, and their migrations be lost.
    await Promise.all(this.ticking);
    await this.flush(true);
    const { pending } = this.engine.stats();
    if (pending > 0) this.logger.log(`Stopped; ${pending} unpaired presence events kept for a restart`);
    if (this.unsaved.length > 0) {
      this.logger.error(
        `Stopped with ${this.unsaved.length} migrations the store did not accept; ` +
          'the checkpoint of the last round that stored everything still holds them',
      );
    }
    if (this.chatReady) await this.chat.disconnect().catch(() => undefined);
  }

  /**
   * Resumes from the stored checkpoint: pending leaves and joins always (the first advance finalizes or
   * drops what the downtime made final), presence only when the checkpoint is recent enough that a leave
   * and a join seen at the first polls are within the window of each other. Otherwise the first poll of
   * each channel is a baseline again, and the stale rows are deleted with the next checkpoint.
   */
  private async resume(): Promise<void> {
    const saved = await this.checkpoints.load();
    if (!saved) return;
    const age = this.clock.now() - saved.savedAt;
    const presence = age >= 0 && age <= this.config.windowMs - this.config.pollIntervalMs;
    this.engine.restore(saved, { presence });
    if (presence) {
      this.resumedChannels = new Map([...saved.channels].map(([channel, state]) => [channel, state.kind]));
      this.resumedAt = saved.savedAt;
    } else {
      this.carried = { users: [], channels: [...saved.channels.keys()] };
    }
    this.logger.log(
      `Resumed from the checkpoint of ${new Date(saved.savedAt).toISOString()}: ` +
        `${saved.users.size} users with pending leaves or joins, ` +
        (presence
          ? `presence of ${saved.channels.size} channels`
          : 'presence too old to compare with (first polls are baselines)'),
    );
  }

  /** One scheduler step at the clock's time: polls the due channels, then stores what became final. */
  /** Ticks still under way (polls can wait on the rate limit); shutdown waits for them before its flush. */
  private readonly ticking = new Set<Promise<void>>();

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
      if (this.chatters.revision !== this.credentialsRevision) {
        // New moderator credentials: channels refused before may be readable now.
        this.credentialsRevision = this.chatters.revision;
        this.forbidden.clear();
        this.appliedRevision = -1;
      }
      this.applySelection();
      const now = this.clock.now();
      this.closePollCycle(now);
      const due = this.scheduler.due(now).filter((login) => !this.inFlight.has(login));
      await Promise.all(due.map((login) => this.poll(login)));
      await this.flush();
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

  monitored(): MonitoredChannelState[] {
    return [...this.channels.values()];
  }

  status(): TrackerStatusView {
    return {
      running: this.running,
      channels: this.channels.size,
      trackedUsers: this.engine.stats().trackedUsers,
      migrationsRecorded: this.migrationsRecorded,
      lastRoundAt: this.lastRoundAt,
      lastRoundMs: this.lastRoundMs,
    };
  }

  async pin(login: string, pinnedBy: string | null): Promise<MonitoredChannelState> {
    await this.selection.refresh();
    await this.selection.pin(login, pinnedBy);
    this.applySelection();
    const state = this.channels.get(login);
    if (state) return state;
    // Tracker disabled: the pin is kept and shown as it would be monitored.
    const selected = this.selection.selected().find((channel) => channel.login === login)!;
    return {
      ...selected,
      source: this.sourceOf(selected),
      since: this.clock.date(),
      lastPolledAt: null,
      chatters: null,
    };
  }

  async unpin(login: string): Promise<boolean> {
    await this.selection.refresh();
    const removed = await this.selection.unpin(login);
    this.applySelection();
    return removed;
  }

  /** Brings the monitored channels in line with the selection (only when it changed). */
  private applySelection(): void {
    if (!this.running || this.selection.revision === this.appliedRevision) return;
    this.appliedRevision = this.selection.revision;
    const selected = this.selection.selected();
    const wanted = new Set(selected.map((channel) => channel.login));
    for (const login of [...this.channels.keys()]) {
      if (!wanted.has(login)) this.stopMonitoring(login);
    }
    for (const channel of selected) {
      const current = this.channels.get(channel.login);
      // A kept channel stays on its source: switching would forget who is present, the point of keeping it.
      const source = current && channel.keptUntil ? current.source : this.sourceOf(channel);
      if (current && current.source !== source) this.stopMonitoring(channel.login);
      const kept = this.channels.get(channel.login);
      if (kept) Object.assign(kept, channel);
      else this.startMonitoring(channel, source);
    }
    this.scheduler.setChannels(
      selected.map((channel) => channel.login),
      this.clock.now(),
    );
    this.dropStaleResumedPresence();
  }

  /**
   * Once, after resuming: presence of a channel no longer monitored, or now read from another source, is
   * forgotten; the others keep their polling slots, so their next poll comes when it would have.
   */
  private dropStaleResumedPresence(): void {
    if (!this.resumedChannels) return;
    const resumed: string[] = [];
    for (const [login, kind] of this.resumedChannels) {
      const source = this.channels.get(login)?.source;
      if (source !== undefined && (kind === 'list') === (source === 'CHATTERS')) resumed.push(login);
      else this.engine.removeChannel(login);
    }
    this.scheduler.resume(resumed, this.resumedAt);
    this.resumedChannels = null;
  }

  private sourceOf(channel: SelectedChannel): PresenceSource {
    return chooseSource({
      chattersAvailable: this.chatters.available,
      broadcasterId: channel.broadcasterId,
      chattersForbidden: this.forbidden.has(channel.login),
      viewers: channel.viewers,
    });
  }

  private startMonitoring(channel: SelectedChannel, source: PresenceSource): void {
    this.channels.set(channel.login, {
      ...channel,
      source,
      since: this.clock.date(),
      lastPolledAt: null,
      chatters: null,
    });
    if (source !== 'CHATTERS') void this.joinChat(channel.login);
  }

  private stopMonitoring(login: string): void {
    const state = this.channels.get(login);
    this.channels.delete(login);
    this.engine.removeChannel(login);
    if (state && state.source !== 'CHATTERS' && this.chat.connected) this.chat.part(login);
  }

  /** Chat is connected on first need: with CHATTERS everywhere the tracker never opens it. */
  private async joinChat(login: string): Promise<void> {
    try {
      this.chatReady ??= this.chat.connect().then(
        () => {
          this.unsubscribeChat = this.chat.subscribe((event) => this.routeChatEvent(event));
        },
        (error: unknown) => {
          // A connection that timed out is tried again by the next join.
          this.chatReady = null;
          throw error;
        },
      );
      await this.chatReady;
      await this.chat.join(login);
    } catch (error) {
      // Joins still paced by twurple fail when the app stops; that is not worth a warning.
      if (this.running) this.logger.warn(`Could not join the chat of ${login}: ${(error as Error).message}`);
    }
  }

  private routeChatEvent(event: ChatPresenceEvent): void {
    if (event.kind === 'raid') {
      this.engine.applyRaid(event.fromLogin, event.channel, event.at);
      return;
    }
    const source = this.channels.get(event.channel)?.source;
    if (source === 'MEMBERSHIP') {
      if (event.kind === 'names') this.engine.applyNames(event.channel, event.logins, event.at);
      else if (event.kind === 'join' || event.kind === 'part') {
        this.engine.applyMembership(event.channel, event.kind, event.login, event.at);
      }
    } else if (source === 'ACTIVITY' && event.kind === 'message') {
      this.engine.applyMessage(event.channel, event.login, event.at);
    }
  }

  /** Samples the channel; for CHATTERS also reads its list. Never throws. */
  private async poll(login: string): Promise<void> {
    const state = this.channels.get(login);
    if (!state) return;
    this.inFlight.add(login);
    let failed = false;
    try {
      let chatters: number | null = null;
      const at = this.clock.now();
      if (state.source === 'CHATTERS' && state.broadcasterId !== null) {
        const broadcasterId = state.broadcasterId;
        const result = await this.limiter.run(() => this.chatters.poll(broadcasterId));
        if (this.channels.get(login) !== state) return; // unmonitored meanwhile
        this.engine.applyChattersPoll(login, result.logins, at, result.complete);
        chatters = result.total;
        state.chatters = chatters;
        // Its audience has left: nothing more to see in a channel that is only kept for that.
        if (state.keptUntil && result.complete && result.total === 0) this.selection.release(login);
      }
      state.lastPolledAt = new Date(at);
      this.pendingCounts.push({ channel: login, at: new Date(at), viewers: state.viewers, chatters });
    } catch (error) {
      if (error instanceof ChattersForbiddenError) {
        this.logger.warn(`Not a moderator of ${login}: falling back to chat presence`);
        this.forbidden.add(login);
        this.appliedRevision = -1;
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

  /** `settling` (at shutdown): pairs every leave and join already seen, since no later event will come. */
  private flush(settling = false): Promise<void> {
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
        this.migrationsRecorded += stored.length;
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
    const { raids, activityJoins, activityUsed } = delta.meta;
    const metaKey = JSON.stringify([raids, activityJoins, activityUsed]);
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
