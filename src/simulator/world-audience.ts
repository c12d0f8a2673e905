import {
  AUDIENCE_JOIN,
  AUDIENCE_MESSAGE,
  AUDIENCE_PART,
  AUDIENCE_RAID,
  AudienceLog,
  TrueMigration,
} from './audience-log';
import { AUDIENCE_OPTION_DEFAULTS, AudienceOptions } from './audience-options';
import { AudiencePresence } from './audience-presence';
import { AudienceTruth, TruthProjection } from './audience-truth';
import { AUDIENCE_BOTS, AudienceIdentity, botIn, viewerIdentity } from './audience-users';
import { withDefaults } from './option-defaults';
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
 * Everything per user lives in typed arrays (see AudiencePresence).
 */
export class WorldAudience {
  readonly options: Required<AudienceOptions>;
  readonly log = new AudienceLog();
  private readonly truth: AudienceTruth;
  private readonly presence: AudiencePresence;
  private readonly chatty: Uint8Array;
  private readonly share: Float32Array;
  private readonly wasLive: Uint8Array;
  private readonly observed: Int32Array;
  /** When each user last left a channel (hop or not); -Infinity when never. */
  private readonly lastLeftAt: Float64Array;
  private readonly random: SeededRandom;
  private readonly messageRandom: SeededRandom;
  private readonly listeners: (() => void)[] = [];
  /** Live channels and their cumulative target sizes, for picking hop destinations by popularity. */
  private liveChannels = new Int32Array(0);
  private liveWeights = new Float64Array(0);
  /** Hops under way: slot, origin, time left and time due, in parallel arrays. */
  private pending: { slots: number[]; froms: number[]; leftAts: number[]; dueAts: number[] } = {
    slots: [],
    froms: [],
    leftAts: [],
    dueAts: [],
  };

  constructor(
    private readonly world: SimulatorWorld,
    options: AudienceOptions = {},
  ) {
    this.options = withDefaults(AUDIENCE_OPTION_DEFAULTS, options);
    const { audienceScale, maxChannelAudience, multiViewerShare, chatterShare } = this.options;
    if (!(audienceScale > 0)) throw new RangeError('audienceScale must be positive');
    const seed = world.options.seed;
    this.random = new SeededRandom(mixSeed(seed, AUDIENCE_SALT));
    this.messageRandom = new SeededRandom(mixSeed(seed, MESSAGE_SALT));
    const channels = world.channels.length;
    this.share = new Float32Array(channels);
    this.wasLive = new Uint8Array(channels);
    this.observed = new Int32Array(channels);
    let expected = 0;
    for (const channel of world.channels) {
      this.share[channel.index] =
        MIN_PRESENT_SHARE + (MAX_PRESENT_SHARE - MIN_PRESENT_SHARE) * this.random.next();
      expected += min(maxChannelAudience, channel.audience * MAX_PRESENT_SHARE * 1.3 * audienceScale);
    }
    // Enough people for every live channel's target plus those in between channels.
    const users = ceil(expected * min(1, world.options.liveShare + 0.3)) + 64;
    const slotsOf = new Uint8Array(users);
    this.chatty = new Uint8Array(users);
    for (let user = 0; user < users; user++) {
      slotsOf[user] = this.random.chance(multiViewerShare) ? 3 : 1;
      this.chatty[user] = this.random.chance(chatterShare) ? 1 : 0;
    }
    this.lastLeftAt = new Float64Array(users).fill(-Infinity);
    this.presence = new AudiencePresence(slotsOf, channels);
    this.truth = new AudienceTruth(world, this.log, (member) => this.identity(member), this.options);
    this.populate();
    world.onStep((time) => this.step(time));
  }

  get users(): number {
    return this.chatty.length;
  }

  get stats(): { users: number; present: number; hopsUnderway: number; migrations: number } {
    const { totalSlots, idleSlots } = this.presence;
    const hopsUnderway = this.pending.slots.length;
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
    this.observed[channel] += delta;
  }

  identity(member: number): AudienceIdentity {
    return member < 0 ? AUDIENCE_BOTS[-member - 1] : viewerIdentity(this.world.options.seed, member);
  }

  /** Present users (viewer indexes) and bots (`-1 - bot`), as of `at` (no earlier than the log keeps). */
  membersAt(channel: number, at: number): Int32Array {
    const present = new Set<number>();
    const count = this.presence.memberCount[channel];
    for (let i = 0; i < count; i++) present.add(this.presence.slotUser[this.presence.memberAt(channel, i)]);
    const { log } = this;
    for (let seq = log.end - 1; seq >= log.start && log.time(seq) > at; seq--) {
      if (log.channel(seq) !== channel) continue;
      const kind = log.kind(seq);
      if (kind === AUDIENCE_JOIN) present.delete(log.subject(seq));
      else if (kind === AUDIENCE_PART) present.add(log.subject(seq));
    }
    const viewers = Int32Array.from(present).sort();
    if (viewers.length === 0 && this.world.viewersAt(channel) < 0) return viewers;
    const bots = AUDIENCE_BOTS.map((_, bot) => bot).filter((bot) =>
      botIn(this.world.options.seed, channel, bot),
    );
    const members = new Int32Array(bots.length + viewers.length);
    bots.forEach((bot, i) => (members[i] = -1 - bot));
    members.set(viewers, bots.length);
    return members;
  }

  /** Users present now, bots included. */
  roomSize(channel: number): number {
    if (this.world.viewersAt(channel) < 0) return this.presence.memberCount[channel];
    let bots = 0;
    for (let bot = 0; bot < AUDIENCE_BOTS.length; bot++)
      if (botIn(this.world.options.seed, channel, bot)) bots++;
    return this.presence.memberCount[channel] + bots;
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
    this.indexLiveChannels(live);
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
      if (this.observed[channel] > 0) this.chat(channel, time);
    }
    this.truth.update(time);
    this.log.trimBefore(time - AUDIENCE_LOG_RETENTION_MS);
    this.notify();
  }

  private targetOf(channel: number, viewers: number): number {
    const { audienceScale, maxChannelAudience } = this.options;
    return min(maxChannelAudience, round(viewers * this.share[channel] * audienceScale));
  }

  private indexLiveChannels(live: number[]): void {
    this.liveChannels = Int32Array.from(live);
    this.liveWeights = new Float64Array(live.length);
    let total = 0;
    live.forEach((channel, i) => {
      total += this.targetOf(channel, this.world.viewersAt(channel)) + 1;
      this.liveWeights[i] = total;
    });
  }

  /** A live channel other than `except`, by audience size; -1 when there is none. */
  private pickDestination(except: number): number {
    const weights = this.liveWeights;
    if (weights.length === 0 || (weights.length === 1 && this.liveChannels[0] === except)) return -1;
    for (;;) {
      const target = this.random.next() * weights[weights.length - 1];
      let low = 0;
      let high = weights.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (weights[middle] > target) high = middle;
        else low = middle + 1;
      }
      if (this.liveChannels[low] !== except) return this.liveChannels[low];
    }
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
    const to = hop ? this.pickDestination(from) : -1;
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
    const { slots, froms, leftAts, dueAts } = this.pending;
    slots.push(slot);
    froms.push(from);
    leftAts.push(time);
    dueAts.push(dueAt);
  }

  /** Every leave goes through here: it starts the user's `minAwayMs` pause from new arrivals. */
  private logPart(time: number, channel: number, user: number): void {
    this.log.push(AUDIENCE_PART, time, channel, user);
    this.lastLeftAt[user] = time;
  }

  /**
   * Whether the slot's user left a channel less than `minAwayMs` before `time` (-1: initial fill).
   * Arrivals stand for people who were not watching; drawing someone who left minutes ago (the idle
   * pool recycles users) would make a leave and a join within the window, a migration by DESIGN's
   * definition, that the truth never lists. Hops are modelled explicitly (`hopShare`,
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
    const { presence } = this;
    const { slots, froms, leftAts, dueAts } = this.pending;
    const waiting: typeof this.pending = { slots: [], froms: [], leftAts: [], dueAts: [] };
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (dueAts[i] > time) {
        waiting.slots.push(slot);
        waiting.froms.push(froms[i]);
        waiting.leftAts.push(leftAts[i]);
        waiting.dueAts.push(dueAts[i]);
        continue;
      }
      const to = presence.pendingTarget(slot);
      if (this.wasLive[to]) this.land(slot, froms[i], to, leftAts[i], time, false);
      else presence.release(slot);
    }
    this.pending = waiting;
  }

  /** A stream ended: a raid takes part of its audience along, the rest hops on or leaves. */
  private scatter(channel: number, time: number): void {
    if (this.random.chance(this.options.raidChance)) {
      const to = this.pickDestination(channel);
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

  /** Messages of one step, from chatters present in the channel. */
  private chat(channel: number, time: number): void {
    const { presence, messageRandom } = this;
    const { chatterShare, messagesPerChatterPerMinute } = this.options;
    const count = presence.memberCount[channel];
    if (count === 0) return;
    const rate = (count * chatterShare * messagesPerChatterPerMinute * this.world.options.tickMs) / 60_000;
    const messages = messageRandom.poisson(rate);
    for (let i = 0; i < messages; i++) {
      // Lurkers never chat: draw again among those present until a chatter turns up.
      for (let attempt = 0; attempt < 8; attempt++) {
        const user = presence.slotUser[presence.memberAt(channel, (messageRandom.next() * count) | 0)];
        if (!this.chatty[user]) continue;
        this.log.push(AUDIENCE_MESSAGE, time, channel, user, messageRandom.int(0, 1 << 30));
        break;
      }
    }
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
