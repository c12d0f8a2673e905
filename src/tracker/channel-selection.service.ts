import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { trackerConfig } from '../config';
import { LatestSnapshotService } from '../streams/latest-snapshot.service';
import { SnapshotRepository } from '../streams/snapshot.repository';
import { PinnedChannelsRepository } from './pinned-channels.repository';

export interface SelectedChannel {
  login: string;
  /** Null while the channel has not been live in a snapshot this process read (a pinned offline channel). */
  broadcasterId: string | null;
  /** Viewers in the latest snapshot; null when the channel is not in it. */
  viewers: number | null;
  pinned: boolean;
  /**
   * Set while a channel that left the selection (its stream ended, or it fell out of the top) is still
   * polled, so that its audience is seen leaving; it is dropped then, or earlier once its chat is empty.
   */
  keptUntil: Date | null;
}

interface KeptChannel {
  channel: SelectedChannel;
  until: number;
}

/**
 * Which channels the tracker monitors: the top TRACKER_CHANNELS live streams of the latest snapshot, the
 * pinned channels (stored in SQL, so they survive restarts), and channels kept for TRACKER_OFFLINE_GRACE
 * after they left the selection.
 */
@Injectable()
export class ChannelSelectionService {
  private pins = new Set<string>();
  /** Broadcaster ids seen in snapshots, so that a pinned channel keeps its id while offline. */
  private readonly broadcasterIds = new Map<string, string>();
  private readonly kept = new Map<string, KeptChannel>();
  private snapshotId: number | null = null;
  private pinsLoaded = false;
  private streams: SelectedChannel[] = [];
  private current: SelectedChannel[] = [];
  private version = 0;

  constructor(
    private readonly latest: LatestSnapshotService,
    private readonly snapshots: SnapshotRepository,
    private readonly pinStore: PinnedChannelsRepository,
    private readonly clock: Clock,
    @Inject(trackerConfig.KEY) private readonly config: ConfigType<typeof trackerConfig>,
  ) {}

  /** Bumped whenever the selection changed (new snapshot, pin, unpin, a kept channel dropped). */
  get revision(): number {
    return this.version;
  }

  /**
   * Loads the pins once and the streams of a newly published snapshot, and drops kept channels whose
   * grace period is over; cheap when nothing changed.
   */
  async refresh(): Promise<void> {
    if (!this.pinsLoaded) {
      this.pins = new Set(await this.pinStore.logins());
      this.pinsLoaded = true;
      this.changed();
    }
    const snapshot = await this.latest.current();
    if (snapshot && snapshot.id !== this.snapshotId) {
      const streams = await this.snapshots.streamsOf(snapshot.id);
      this.snapshotId = snapshot.id;
      this.streams = streams.map((stream) => ({
        login: stream.userLogin.toLowerCase(),
        broadcasterId: stream.userId,
        viewers: stream.viewerCount,
        pinned: false,
        keptUntil: null,
      }));
      for (const stream of this.streams) this.broadcasterIds.set(stream.login, stream.broadcasterId!);
      this.changed();
    }
    const now = this.clock.now();
    for (const [login, { until }] of this.kept) {
      if (until <= now) this.release(login);
    }
  }

  async pin(login: string, pinnedBy: string | null): Promise<void> {
    await this.pinStore.add(login, pinnedBy, this.clock.date());
    if (this.pins.has(login)) return;
    this.pins.add(login);
    this.changed();
  }

  /** False when the channel was not pinned. Unpinned, it stops being monitored unless in the top. */
  async unpin(login: string): Promise<boolean> {
    const removed = await this.pinStore.remove(login);
    if (this.pins.delete(login)) {
      // Asked to stop: not kept for a grace period.
      this.changed();
      this.release(login);
    }
    return removed;
  }

  /** Stops keeping a channel that left the selection (its chat is empty). */
  release(login: string): void {
    if (!this.kept.delete(login)) return;
    this.current = this.current.filter((channel) => channel.login !== login);
    this.version++;
  }

  /** Top channels first (most watched first), then pinned channels outside the top, then kept ones. */
  selected(): SelectedChannel[] {
    return this.current;
  }

  private changed(): void {
    const previous = this.current;
    const top = this.streams.slice(0, this.config.channels);
    const chosen = new Map(top.map((channel) => [channel.login, channel]));
    const live = new Map(this.streams.map((channel) => [channel.login, channel]));
    for (const login of this.pins) {
      const known = chosen.get(login) ?? live.get(login);
      chosen.set(login, {
        ...(known ?? { login, broadcasterId: this.broadcasterIds.get(login) ?? null, viewers: null }),
        pinned: true,
        keptUntil: null,
      });
    }
    for (const login of chosen.keys()) this.kept.delete(login);
    const until = this.clock.now() + this.config.offlineGraceMs;
    for (const channel of previous) {
      if (chosen.has(channel.login) || this.kept.has(channel.login) || this.config.offlineGraceMs === 0) {
        continue;
      }
      const known = live.get(channel.login);
      this.kept.set(channel.login, {
        channel: { ...channel, viewers: known?.viewers ?? null, pinned: false, keptUntil: new Date(until) },
        until,
      });
    }
    this.current = [...chosen.values(), ...[...this.kept.values()].map(({ channel }) => channel)];
    this.version++;
  }
}
