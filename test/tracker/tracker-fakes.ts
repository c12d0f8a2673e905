import type { Clock } from '../../src/common/clock';
import type { TrackerConfig } from '../../src/config';
import type { MigrationEventsService } from '../../src/migration/migration-events.service';
import type {
  MigrationRecord,
  NewMigrationRecord,
  ViewerCountRecord,
} from '../../src/migration/migration-record';
import type { MigrationRepository } from '../../src/migration/migration-repository.port';
import type { EngineCheckpoint, EngineCheckpointDelta } from '../../src/tracker/engine-checkpoint';
import { MigrationWriter } from '../../src/tracker/migration-writer';
import type { TrackerCheckpointRepository } from '../../src/tracker/tracker-checkpoint.repository';
import type { TrackingEngine } from '../../src/tracker/tracking-engine';
import type { ChannelSelectionService } from '../../src/tracker/channel-selection.service';
import { ChatPresenceRouter } from '../../src/tracker/chat-presence-router';
import { MonitoredChannels } from '../../src/tracker/monitored-channels';
import { RaidFollower } from '../../src/tracker/raid-follower';
import { TrackerService } from '../../src/tracker/tracker.service';
import { trackingEngineFor } from '../../src/tracker/tracking-engine.provider';
import type { TwitchChattersPort } from '../../src/twitch/twitch-chatters.port';
import { type RaidEvent, TwitchRaidsPort } from '../../src/twitch/twitch-raids.port';
import type { TwitchUsersPort } from '../../src/twitch/twitch-users.port';
import {
  CHAT_CHANNEL_LIMIT,
  ChatJoinRefusedError,
  type ChatPresenceEvent,
  type ChatReading,
  TwitchChatPort,
} from '../../src/twitch/twitch-chat.port';

/**
 * Tracker settings for unit tests: two channels polled every minute, a five-minute window, `exact` pairing (the
 * tests time their rounds against the nearest-pair rule; `live` is tested where it says so).
 */
export const TEST_TRACKER_CONFIG: TrackerConfig = {
  enabled: true,
  channels: 2,
  pollIntervalMs: 60_000,
  windowMs: 300_000,
  pairing: 'exact',
  leaveConfirmations: 1,
  activityTtlMs: 600_000,
  botChannels: 10,
  offlineGraceMs: 0,
};

/** An empty stored checkpoint, as before the first save. */
export function emptyCheckpoint(): EngineCheckpoint {
  return {
    users: new Map(),
    channels: new Map(),
    meta: { watermark: Number.NEGATIVE_INFINITY, membershipUsed: false, raids: [], activityJoins: [] },
    savedAt: 0,
  };
}

/** Applies a delta to `stored` as the checkpoint repository's transaction applies it to its rows. */
export function applyCheckpointDelta(
  stored: EngineCheckpoint,
  delta: EngineCheckpointDelta,
  savedAt = stored.savedAt,
): void {
  for (const [login, pending] of delta.users) {
    if (pending) stored.users.set(login, pending);
    else stored.users.delete(login);
  }
  for (const [channel, presence] of delta.channels) {
    if (presence) stored.channels.set(channel, presence);
    else stored.channels.delete(channel);
  }
  stored.meta = delta.meta;
  stored.savedAt = savedAt;
}

/** A store that refuses the next `failures` batches, like a database that is briefly down. */
export class FlakyStore {
  failures = 0;
  readonly attempts: NewMigrationRecord[][] = [];
  readonly stored: MigrationRecord[] = [];
  readonly counts: ViewerCountRecord[] = [];

  readonly repository = {
    saveBatch: async (batch: readonly NewMigrationRecord[]) => {
      this.attempts.push([...batch]);
      if (this.failures > 0) {
        this.failures--;
        throw new Error('connection refused');
      }
      const fresh = batch.map((m, i) => ({ ...m, id: String(this.stored.length + i + 1) }));
      this.stored.push(...fresh);
      return fresh;
    },
    saveViewerCounts: async (counts: readonly ViewerCountRecord[]) => {
      this.counts.push(...counts);
    },
  } as unknown as MigrationRepository;
}

/** The checkpoint table in memory: deltas applied as the repository's transaction applies them. */
export class MemoryCheckpoints {
  saved: EngineCheckpoint | null = null;
  saves = 0;

  readonly repository = {
    save: async (delta: EngineCheckpointDelta, savedAt: Date) => {
      const saved = this.saved ?? emptyCheckpoint();
      applyCheckpointDelta(saved, delta, savedAt.getTime());
      // A copy, as a database row would be: later changes in memory must not reach it.
      this.saved = structuredClone(saved);
      this.saves++;
    },
    load: async () => (this.saved ? structuredClone(this.saved) : null),
  } as unknown as TrackerCheckpointRepository;
}

/** What the tracker writes to, in memory: the stores outlive a process, so a restart finds them. */
export class MemoryTrackerStores {
  readonly store = new FlakyStore();
  readonly checkpoints = new MemoryCheckpoints();
  /** What the writer announced as stored. */
  readonly published: MigrationRecord[] = [];

  /** A writer (of a new process) on these stores. */
  writer(engine: TrackingEngine, clock: Clock): MigrationWriter {
    const events = {
      publish: (records: readonly MigrationRecord[]) => this.published.push(...records),
    } as unknown as MigrationEventsService;
    const { store, checkpoints } = this;
    return new MigrationWriter(
      TEST_TRACKER_CONFIG,
      engine,
      store.repository,
      events,
      checkpoints.repository,
      clock,
    );
  }
}

/**
 * A chat transport in memory: the test emits its events and reads what was joined. Like Twitch, it refuses
 * a join that would put the reading user in more than `channelCapacity` channels at once.
 */
export class MemoryChat extends TwitchChatPort {
  connects = 0;
  failNextConnect = false;
  /** Channels whose join Twitch does not answer (it times out). */
  readonly unanswered = new Set<string>();
  disconnects = 0;
  readonly joined: string[] = [];
  /** What each room was joined for, as the router asked. */
  readonly readings = new Map<string, ChatReading>();
  readonly parted: string[] = [];
  /** The channels chat is in now. */
  readonly rooms = new Set<string>();
  refusals = 0;
  private isConnected = false;

  async connect(): Promise<void> {
    this.connects++;
    if (this.failNextConnect) {
      this.failNextConnect = false;
      throw new Error('chat login timed out');
    }
    this.isConnected = true;
  }

  async disconnect(): Promise<void> {
    this.disconnects++;
    this.isConnected = false;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  get opened(): boolean {
    return this.isConnected;
  }

  readonly readsMembership = true;
  /** Channels the reading user moderates: the test sets them. */
  exemptChannels = new Set<string>();

  constructor(readonly channelCapacity = CHAT_CHANNEL_LIMIT) {
    super();
  }

  async join(channel: string, reading: ChatReading = 'membership'): Promise<void> {
    if (this.unanswered.has(channel)) throw new Error(`the join of ${channel} timed out`);
    const counted = [...this.rooms].filter((room) => !this.exemptChannels.has(room)).length;
    if (!this.rooms.has(channel) && !this.exemptChannels.has(channel) && counted >= this.channelCapacity) {
      this.refusals++;
      throw new ChatJoinRefusedError(channel, 'CHANNEL_LIMIT');
    }
    this.joined.push(channel);
    this.rooms.add(channel);
    this.readings.set(channel, reading);
  }

  part(channel: string): void {
    this.parted.push(channel);
    this.rooms.delete(channel);
  }

  /** What Twitch would send, as the test makes it up. */
  override emit(event: ChatPresenceEvent): void {
    super.emit(event);
  }
}

/**
 * EventSub `channel.raid` in memory: the test reads what is followed, refuses channels, and emits raids as
 * Twitch would send them.
 */
export class MemoryRaids extends TwitchRaidsPort {
  /** Followed channels: login → broadcaster id. */
  readonly followed = new Map<string, string>();
  /** Logins whose follow is refused. */
  readonly refused = new Set<string>();
  follows = 0;
  closed = false;
  readonly connected = true;

  async follow(broadcasterId: string, login: string): Promise<void> {
    this.follows++;
    if (this.refused.has(login)) throw new Error(`Twitch refused the raids into ${login}`);
    this.followed.set(login, broadcasterId);
  }

  async unfollow(login: string): Promise<void> {
    this.followed.delete(login);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  override emit(event: RaidEvent): void {
    super.emit(event);
  }
}

export interface TrackerParts {
  config: TrackerConfig;
  selection: ChannelSelectionService;
  chatters: TwitchChattersPort;
  stores: MemoryTrackerStores;
  clock: Clock;
}

/**
 * A started TrackerService wired as the TrackerModule wires it, on fakes; chat is never opened when
 * every channel is read by CHATTERS. Its rounds run when the test ticks it (a manual clock runs no timer).
 */
export async function startTrackerService({ config, selection, chatters, stores, clock }: TrackerParts) {
  const engine = trackingEngineFor(config);
  const raidsPort = new MemoryRaids();
  const raids = new RaidFollower(raidsPort, engine, clock);
  const chat = new ChatPresenceRouter(new MemoryChat(), engine, raids);
  const channels = new MonitoredChannels(config, selection, chatters, chat, engine, clock);
  const tracker = new TrackerService(
    config,
    selection,
    channels,
    chatters,
    chat,
    raids,
    stores.writer(engine, clock),
    engine,
    clock,
    // No pins: Twitch's users are never asked for.
    {} as TwitchUsersPort,
  );
  await tracker.onApplicationBootstrap();
  return { tracker, channels, engine, raids: raidsPort };
}
