import { AudienceChat } from './audience-chat';
import { AUDIENCE_JOIN, AUDIENCE_PART, AUDIENCE_RAID, AudienceLog } from './audience-log';
import { AUDIENCE_OPTION_DEFAULTS, AudienceOptions } from './audience-options';
import { AudiencePresence } from './audience-presence';
import { AudienceRooms } from './audience-rooms';
import { AudienceTruth, TruthProjection } from './audience-truth';
import { AUDIENCE_BOTS, AudienceIdentity, viewerIdentity } from './audience-users';
import { HopDestinations } from './hop-destinations';
import { TrueMigration } from './migration-truth';
import { withDefaults } from './option-defaults';
import { PendingHops } from './pending-hops';
import { mixSeed, SeededRandom } from './seeded-random';
import { SimulatorWorld } from './simulator-world';

// Module-scope aliases: inside Jest's vm contexts every lookup of a global such as `Math` is slow.
const { ceil, floor, max, min, round } = Math;

/** Independent random streams: chat traffic must never change who goes where. */
const AUDIENCE_SALT = 11;
const MESSAGE_SALT = 12;
/** The audience log keeps enough for the chatters lag and chat's membership batching. */
export const AUDIENCE_LOG_RETENTION_MS = 10 * 60_000;
/** Share of a channel's viewers in its chatters list: some viewers are logged out or embedded players. */
const MIN_PRESENT_SHARE = 0.3;
const MAX_PRESENT_SHARE = 0.7;
/** When a stream ends without a raid, this share of its audience hops on; the rest leaves. */
const END_HOP_SHARE = 0.5;
/** Arrivals close a gap to the target within about a minute; a surplus (after a raid) drains in ten. */
const FILL_MS = 60_000;
const DRAIN_MS = 600_000;
/** Hops with no gap at all (switching tabs); the others wait an exponential time. */
const INSTANT_HOP_SHARE = 0.3;
const MEAN_HOP_DELAY_MS = 60_000;
const ARRIVAL_ATTEMPTS = 4;

/**
 * The audience of every live channel: a fixed population of viewers who arrive, leave, hop from channel
 * to channel (true migrations, kept as ground truth), follow raids, and chat. It steps with the world
 * on the world's grid, from its own seeded random stream, so the same seed gives the same audience.
 * Everything per user lives in typed arrays (see AudiencePresence). This class moves people; who is in a
 * room (AudienceRooms), what they say (AudienceChat) and the truth (AudienceTruth) are kept beside it.
 */
export class WorldAudience {
  readonly options: Required<AudienceOptions>;
  readonly log = new AudienceLog();
  private readonly truth: AudienceTruth;
  private readonly presence: AudiencePresence;
  /** Who is in each channel's room, now or a little while ago. */
  readonly rooms: AudienceRooms;
  private readonly chat: AudienceChat;
  private readonly share: Float32Array;
  private readonly wasLive: Uint8Array;
  /** When each user last left a channel (hop or not); -Infinity when never. */
  private readonly lastLeftAt: Float64Array;
  private readonly random: SeededRandom;
  private readonly listeners: (() => void)[] = [];
  private readonly destinations: HopDestinations;
  private readonly pending = new PendingHops();

  constructor(
    private readonly world: SimulatorWorld,
    options: AudienceOptions = {},
  ) {
    this.options = withDefaults(AUDIENCE_OPTION_DEFAULTS, options);
    const { audienceScale, maxChannelAudience, multiViewerShare, chatterShare } = this.options;
    if (!(audienceScale > 0)) throw new RangeError('audienceScale must be positive');
    const seed = world.options.seed;
    this.random = new SeededRandom(mixSeed(seed, AUDIENCE_SALT));
    this.destinations = new HopDestinations(this.random);
    const channels = world.channels.length;
    this.share = new Float32Array(channels);
    this.wasLive = new Uint8Array(channels);
    let expected = 0;
    for (const channel of world.channels) {
      this.share[channel.index] =
        MIN_PRESENT_SHARE + (MAX_PRESENT_SHARE - MIN_PRESENT_SHARE) * this.random.next();
      expected += min(maxChannelAudience, channel.audience * MAX_PRESENT_SHARE * 1.3 * audienceScale);
    }
    // Enough people for every live channel's target plus those in between channels.
    const users = ceil(expected * min(1, world.options.liveShare + 0.3)) + 64;
    const slotsOf = new Uint8Array(users);
    const chatty = new Uint8Array(users);
    for (let user = 0; user < users; user++) {
      slotsOf[user] = this.random.chance(multiViewerShare) ? 3 : 1;
      chatty[user] = this.random.chance(chatterShare) ? 1 : 0;
    }
    this.lastLeftAt = new Float64Array(users).fill(-Infinity);
    this.presence = new AudiencePresence(slotsOf, channels);
    this.rooms = new AudienceRooms(world, this.presence, this.log);
    const { messagesPerChatterPerMinute } = this.options;
    const rates = { chatterShare, messagesPerChatterPerMinute, tickMs: world.options.tickMs };
    const messageRandom = new SeededRandom(mixSeed(seed, MESSAGE_SALT));
    this.chat = new AudienceChat(this.presence, this.log, chatty, messageRandom, rates);
    this.truth = new AudienceTruth(world, this.log, (member) => this.identity(member), this.options);
    this.populate();
    world.onStep((time) => this.step(time));
  }

  get users(): number {
    return this.lastLeftAt.length;
  }

  get stats(): { users: number; present: number; hopsUnderway: number; migrations: number } {
    const { totalSlots, idleSlots } = this.presence;
    const hopsUnderway = this.pending.size;
    return {
      users: this.users,
      present: totalSlots - idleSlots - hopsUnderway,
      hopsUnderway,
      migrations: this.truth.size,
    };
  }

  /** Called after every step and every raid, once the log has the new entries. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Chat messages are only generated for channels someone watches over chat. */
  observe(channel: number, delta: 1 | -1): void {
    this.chat.observe(channel, delta);
  }

  identity(member: number): AudienceIdentity {
    return member < 0 ? AUDIENCE_BOTS[-member - 1] : viewerIdentity(this.world.options.seed, member);
  }

  /** Hops that completed in [since, until), by `joinedAt`; raw, or projected (see AudienceTruth). */
  migrations(since: number, until: number, projection?: TruthProjection): TrueMigration[] {
    return this.truth.migrations(since, until, projection);
  }

  /** Moves `raidShare` of `from`'s audience into `to` at `time` (the world's current time). */
  raid(from: number, to: number, time: number): void {
    this.moveRaiders(from, to, time);
    this.truth.update(time);
    this.notify();
  }

  /** Fills every live channel to its target at once: the world begins mid-evening, not empty. */
  private populate(): void {
    for (let channel = 0; channel < this.wasLive.length; channel++) {
      const viewers = this.world.viewersAt(channel);
      if (viewers < 0) continue;
      this.wasLive[channel] = 1;
      this.arrive(channel, this.targetOf(channel, viewers), -1);
    }
  }

  private step(time: number): void {
    const { tickMs } = this.world.options;
    const { meanStayMs, hopShare } = this.options;
    const ended: number[] = [];
    const live: number[] = [];
    for (let channel = 0; channel < this.wasLive.length; channel++) {
      const isLive = this.world.viewersAt(channel) >= 0;
      if (this.wasLive[channel] && !isLive) ended.push(channel);
      else if (isLive) live.push(channel);
      this.wasLive[channel] = isLive ? 1 : 0;
    }
    this.destinations.reset(live, (channel) => this.targetOf(channel, this.world.viewersAt(channel)));
    for (const channel of ended) this.scatter(channel, time);
    this.completeHops(time);
    const { memberCount } = this.presence;
    for (const channel of live) {
      const target = this.targetOf(channel, this.world.viewersAt(channel));
      const count = memberCount[channel];
      const surplus = count > target ? floor(((count - target) * tickMs) / DRAIN_MS) : 0;
      const departures = this.random.poisson((count * tickMs) / meanStayMs) + surplus;
      for (let i = 0; i < departures && memberCount[channel] > 0; i++) {
        const slot = this.presence.memberAt(channel, (this.random.next() * memberCount[channel]) | 0);
        this.depart(slot, time, this.random.chance(hopShare));
      }
      const gap = target - memberCount[channel];
      if (gap > 0) this.arrive(channel, ceil((gap * min(tickMs, FILL_MS)) / FILL_MS), time);
      this.chat.step(channel, time);
    }
    this.truth.update(time);
    this.log.trimBefore(time - AUDIENCE_LOG_RETENTION_MS);
    this.notify();
  }

  private targetOf(channel: number, viewers: number): number {
    const { audienceScale, maxChannelAudience } = this.options;
    return min(maxChannelAudience, round(viewers * this.share[channel] * audienceScale));
  }

  /** `time` -1 means the initial population, which is a baseline and logs nothing. */
  private arrive(channel: number, count: number, time: number): void {
    const { presence } = this;
    for (let i = 0; i < count; i++) {
      for (let attempt = 0; attempt < ARRIVAL_ATTEMPTS; attempt++) {
        const slot = presence.takeIdle(this.random.next());
        if (slot < 0) return;
        if (presence.userBound(slot, channel) || this.leftRecently(slot, time)) {
          presence.release(slot);
          continue;
        }
        presence.add(channel, slot);
        if (time >= 0) this.log.push(AUDIENCE_JOIN, time, channel, presence.slotUser[slot]);
        break;
      }
    }
  }

  private depart(slot: number, time: number, hop: boolean): void {
    const { presence } = this;
    const from = presence.slotChannel[slot];
    presence.remove(slot);
    this.logPart(time, from, presence.slotUser[slot]);
    const to = hop ? this.destinations.pick(from) : -1;
    if (to < 0 || presence.userBound(slot, to)) {
      presence.release(slot);
      return;
    }
    const { tickMs } = this.world.options;
    const delay = this.random.chance(INSTANT_HOP_SHARE)
      ? 0
      : min(this.options.maxHopDelayMs, this.random.exponential(MEAN_HOP_DELAY_MS));
    // Presence changes on the step grid only, so the join lands on the first step at or after the delay.
    const dueAt = time + ceil(delay / tickMs) * tickMs;
    if (dueAt === time) {
      this.land(slot, from, to, time, time, false);
      return;
    }
    presence.markPending(slot, to);
    this.pending.add(slot, from, time, dueAt);
  }

  /** Every leave goes through here: it starts the user's `minAwayMs` pause from new arrivals. */
  private logPart(time: number, channel: number, user: number): void {
    this.log.push(AUDIENCE_PART, time, channel, user);
    this.lastLeftAt[user] = time;
  }

  /**
   * Whether the slot's user left a channel less than `minAwayMs` before `time` (-1: initial fill).
   * Arrivals stand for people who were not watching; drawing someone who left minutes ago (the idle
   * pool recycles users) would make a leave and a join within the window, a migration by the definition
   * in docs/architecture.md, that the truth never lists. Hops are modelled explicitly (`hopShare`,
   * `maxHopDelayMs`, raids), so the truth stays complete without depending on any tracker window.
   * The pause also covers hops: a multi-viewer on a hop does not open a third, unrelated stream.
   */
  private leftRecently(slot: number, time: number): boolean {
    return time >= 0 && time - this.lastLeftAt[this.presence.slotUser[slot]] < this.options.minAwayMs;
  }

  private land(slot: number, from: number, to: number, leftAt: number, time: number, viaRaid: boolean): void {
    const user = this.presence.slotUser[slot];
    this.presence.add(to, slot);
    this.log.push(AUDIENCE_JOIN, time, to, user);
    this.truth.record(user, from, to, leftAt, time, viaRaid);
  }

  /** Hops due by `time` join their channel if it is still live; otherwise the user gives up. */
  private completeHops(time: number): void {
    this.pending.takeDue(time, (slot, from, leftAt) => {
      const to = this.presence.pendingTarget(slot);
      if (this.wasLive[to]) this.land(slot, from, to, leftAt, time, false);
      else this.presence.release(slot);
    });
  }

  /** A stream ended: a raid takes part of its audience along, the rest hops on or leaves. */
  private scatter(channel: number, time: number): void {
    if (this.random.chance(this.options.raidChance)) {
      const to = this.destinations.pick(channel);
      if (to >= 0) this.moveRaiders(channel, to, time);
    }
    for (const slot of this.presence.slotsIn(channel)) {
      this.depart(slot, time, this.random.chance(END_HOP_SHARE));
    }
  }

  private moveRaiders(from: number, to: number, time: number): void {
    const { presence } = this;
    this.log.push(AUDIENCE_RAID, time, to, from, max(0, this.world.viewersAt(from)));
    for (const slot of presence.slotsIn(from)) {
      if (!this.random.chance(this.options.raidShare)) continue;
      const user = presence.slotUser[slot];
      presence.remove(slot);
      this.logPart(time, from, user);
      if (presence.userBound(slot, to)) {
        presence.release(slot);
        continue;
      }
      this.land(slot, from, to, time, time, true);
    }
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
