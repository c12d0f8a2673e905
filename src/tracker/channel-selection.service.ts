import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { trackerConfig } from '../config';
import { LatestSnapshotService } from '../streams/latest-snapshot.service';
import { SnapshotRepository } from '../streams/snapshot.repository';

export interface SelectedChannel {
  login: string;
  /** Null when the channel is not live in the latest snapshot (a pinned offline channel). */
  broadcasterId: string | null;
  viewers: number | null;
  pinned: boolean;
}

/**
 * Which channels the tracker monitors: the top TRACKER_CHANNELS live streams of the latest snapshot plus
 * the pinned channels. Pins are kept in memory: they last until the process stops.
 */
@Injectable()
export class ChannelSelectionService {
  private readonly pins = new Set<string>();
  private snapshotId: number | null = null;
  private streams: SelectedChannel[] = [];
  private version = 0;

  constructor(
    private readonly latest: LatestSnapshotService,
    private readonly snapshots: SnapshotRepository,
    @Inject(trackerConfig.KEY) private readonly config: ConfigType<typeof trackerConfig>,
  ) {}

  /** Bumped whenever the selection may have changed (new snapshot, pin, unpin). */
  get revision(): number {
    return this.version;
  }

  /** Loads the streams of a newly published snapshot; cheap when nothing changed. */
  async refresh(): Promise<void> {
    const snapshot = await this.latest.current();
    if (!snapshot || snapshot.id === this.snapshotId) return;
    const streams = await this.snapshots.streamsOf(snapshot.id);
    this.snapshotId = snapshot.id;
    this.streams = streams.map((stream) => ({
      login: stream.userLogin.toLowerCase(),
      broadcasterId: stream.userId,
      viewers: stream.viewerCount,
      pinned: false,
    }));
    this.version++;
  }

  pin(login: string): void {
    if (!this.pins.has(login)) this.version++;
    this.pins.add(login);
  }

  /** False when the channel was not pinned. */
  unpin(login: string): boolean {
    const removed = this.pins.delete(login);
    if (removed) this.version++;
    return removed;
  }

  /** Top channels first (most watched first), then pinned channels outside the top. */
  selected(): SelectedChannel[] {
    const top = this.streams.slice(0, this.config.channels);
    const chosen = new Map(top.map((channel) => [channel.login, channel]));
    const live = new Map(this.streams.map((channel) => [channel.login, channel]));
    for (const login of this.pins) {
      const known = chosen.get(login) ?? live.get(login);
      chosen.set(login, {
        ...(known ?? { login, broadcasterId: null, viewers: null }),
        pinned: true,
      });
    }
    return [...chosen.values()];
  }
}
