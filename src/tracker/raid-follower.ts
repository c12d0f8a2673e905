import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ServiceStoppingError } from '../common/domain-error';
import { TwitchRaidsPort } from '../twitch/twitch-raids.port';
import { ConcurrencyLimiter } from './poll-scheduler';
import { TrackingEngine } from './tracking-engine';

/** A channel whose raids Twitch would not follow is tried again after this long, not every round. */
export const RAID_FOLLOW_RETRY_MS = 5 * 60_000;
/** Create/Delete EventSub Subscription calls in flight at once (a new selection asks up to 1,000). */
const MAX_CONCURRENT_CALLS = 4;
/**
 * Channels newly followed per sync (one sync a round, a round a second): at most 300 of the app token's 800
 * Helix points a minute, so that the top-streams refresh sharing that token never waits behind them. 1,000
 * channels are all followed after about 3½ minutes.
 */
export const MAX_FOLLOWS_PER_SYNC = 5;
/** At most one warning per this long about channels whose raids could not be followed. */
const WARNING_INTERVAL_MS = 60_000;

export interface RaidTarget {
  login: string;
  broadcasterId: string | null;
}

/**
 * Raids into every monitored channel, whatever its presence source (EventSub `channel.raid`): follows the
 * monitored channels and hands each raid to the engine, which flags the migrations along it. Raids read
 * from a channel's chat are used only for channels whose raids are not followed, so none counts twice.
 */
@Injectable()
export class RaidFollower {
  private readonly logger = new Logger(RaidFollower.name);
  private readonly limiter = new ConcurrencyLimiter(MAX_CONCURRENT_CALLS);
  /** Channels whose raids Twitch confirmed following. */
  private readonly followed = new Set<string>();
  private readonly following = new Set<string>();
  /** Channels Twitch would not follow: when they may be tried again. */
  private readonly retryAt = new Map<string, number>();
  private wanted = new Set<string>();
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  private lastWarningAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly raids: TwitchRaidsPort,
    private readonly engine: TrackingEngine,
    private readonly clock: Clock,
  ) {}

  /** Whether raids into the channel arrive from `channel.raid`. */
  isFollowed(login: string): boolean {
    return this.followed.has(login);
  }

  get followedCount(): number {
    return this.followed.size;
  }

  /** A raid read in the target's chat: used unless the channel's raids are followed. */
  applyChatRaid(fromLogin: string, toLogin: string, at: number): void {
    if (!this.followed.has(toLogin)) this.engine.applyRaid(fromLogin, toLogin, at);
  }

  /**
   * Follows the raids of `targets` (those Twitch knows the broadcaster id of; up to MAX_FOLLOWS_PER_SYNC
   * more each time) and no others. Returns at once; Twitch's answers arrive in the background.
   */
  sync(targets: readonly RaidTarget[]): void {
    if (this.closed) return;
    this.unsubscribe ??= this.raids.subscribe(({ fromLogin, toLogin, at }) => {
      if (this.followed.has(toLogin)) this.engine.applyRaid(fromLogin, toLogin, at);
    });
    const now = this.clock.now();
    this.wanted = new Set();
    let started = 0;
    for (const { login, broadcasterId } of targets) {
      if (broadcasterId === null) continue;
      this.wanted.add(login);
      if (this.followed.has(login) || this.following.has(login)) continue;
      if ((this.retryAt.get(login) ?? 0) > now || started >= MAX_FOLLOWS_PER_SYNC) continue;
      started++;
      this.follow(login, broadcasterId);
    }
    for (const login of [...this.followed]) {
      if (!this.wanted.has(login)) this.unfollow(login);
    }
  }

  /** At shutdown: no raid reaches the engine any more, and the connection closes. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.raids.close();
  }

  private follow(login: string, broadcasterId: string): void {
    this.following.add(login);
    void this.limiter
      .run(() => (this.closed ? Promise.resolve() : this.raids.follow(broadcasterId, login)))
      .then(
        () => {
          this.retryAt.delete(login);
          if (this.closed) return;
          if (this.wanted.has(login)) this.followed.add(login);
          else this.unfollow(login); // unmonitored while Twitch was answering
        },
        (error: unknown) => {
          this.retryAt.set(login, this.clock.now() + RAID_FOLLOW_RETRY_MS);
          if (error instanceof ServiceStoppingError) return;
          this.warn(`Could not follow the raids into ${login}: ${(error as Error).message}`);
        },
      )
      .finally(() => this.following.delete(login));
  }

  private unfollow(login: string): void {
    this.followed.delete(login);
    void this.limiter
      .run(() => this.raids.unfollow(login))
      .catch((error: unknown) => {
        if (error instanceof ServiceStoppingError) return;
        this.warn(`Could not stop following the raids into ${login}: ${(error as Error).message}`);
      });
  }

  /** Twitch down makes every channel fail at once: one line a minute says so. */
  private warn(message: string): void {
    if (this.closed) return;
    const now = this.clock.now();
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(`${message} (tried again in ${RAID_FOLLOW_RETRY_MS / 60_000} minutes)`);
  }
}
