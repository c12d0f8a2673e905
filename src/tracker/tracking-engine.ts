import { ActivitySwitches } from './activity-switches';
import { BotFilter, DEFAULT_BOT_LOGINS } from './bot-filter';
import { ChatEventPresence } from './chat-event-presence';
import type {
  ChannelCheckpoint,
  EngineCheckpoint,
  EngineCheckpointDelta,
  PendingUserCheckpoint,
} from './engine-checkpoint';
import { Migration, MigrationDetector, type PairingMode } from './migration-detector';
import { PresenceDiffer } from './presence-differ';
import { UserInterner } from './user-interner';

/** Membership events arrive 30 s – 3 min late: the middle of that. */
const DEFAULT_MEMBERSHIP_DELAY_MS = 90_000;
const DEFAULT_ACTIVITY_TTL_MS = 600_000;

export interface TrackingEngineOptions {
  /** TRACKER_WINDOW, ms. */
  windowMs?: number;
  /**
   * TRACKER_PAIRING: `exact` (when not given) releases a pair once no nearer event can still arrive, `live` at
   * the first advance that knows both its sides (see MigrationDetector).
   */
  pairing?: PairingMode;
  /** TRACKER_LEAVE_CONFIRMATIONS. */
  leaveConfirmations?: number;
  /** TRACKER_ACTIVITY_TTL, ms. */
  activityTtlMs?: number;
  /** TRACKER_BOT_CHANNELS. */
  botChannels?: number;
  botLogins?: readonly string[];
  excludeNamesEndingInBot?: boolean;
  /**
   * TRACKER_POLL_INTERVAL, ms ({@link setPollIntervalMs}): how long membership events wait besides their delay,
   * and the most a CHATTERS leave awaiting confirmation holds the watermark back (confirmations × interval).
   */
  pollIntervalMs?: number;
  /**
   * How long after the fact IRC JOIN/PART arrive, ms. Twitch batches them 30 s – 3 min late; a
   * membership event is dated at its arrival minus this estimate (the middle of the expected delay).
   */
  membershipDelayMs?: number;
  /** Track what changes, so that {@link TrackingEngine.checkpoint} can hand it to a store. */
  checkpoints?: boolean;
}

/** Keys of a delta that could not be stored: exported again, with their state at that time. */
export interface CarriedKeys {
  users: Iterable<string>;
  channels: Iterable<string>;
}

export interface TrackingEngineStats {
  trackedUsers: number;
  channels: number;
  /** Leaves and joins waiting for a partner or for the watermark. */
  pending: number;
  /** Recent migrations kept for duplicate suppression. */
  recorded: number;
}

/**
 * The tracker's pure core: interner, bot filter, snapshot differ, event presence and detector
 * behind one surface a scheduler (or a benchmark) drives. No framework, no I/O, no clock of its own:
 * every call carries its time (epoch ms) and `advance(now)` releases the migrations that are final.
 *
 * How each source is dated:
 * - CHATTERS: joins at the poll time; leaves at the first complete poll that missed the user
 *   (confirmed after `leaveConfirmations` polls). The list's own lag (~30 s on Twitch) is a
 *   constant shift of both sides, so it cancels out of the leave→join gap.
 * - MEMBERSHIP: JOIN/PART at arrival − `membershipDelayMs`. The true time is unknown within the
 *   batching spread; shifting by the expected delay keeps them comparable with the other sources.
 *   NAMES is a baseline: it adds the listed users silently (their arrival time is unknown) and never
 *   removes anyone, since over 1000 users Twitch lists only moderators. A PART of a user never seen
 *   joining is still a leave: they joined while the room was over 1000 (no JOIN was sent) or before
 *   the NAMES list, and the PART proves they were there and left.
 * - ACTIVITY: a join at the first message; a leave when `activityTtlMs` has passed since the last
 *   message, dated at that expiry, or at the user's first message in another channel since their last
 *   one here when there is one (they switched; see ActivitySwitches).
 *
 * Lateness (how far the detector's watermark trails `now`), per source in use. CHATTERS: none of its
 * own. A poll is dated when Twitch answered it and applied in the same turn (the tracker stamps it on
 * the answer), so a poll still in flight, or not sent yet, dates its events after any `now` already
 * advanced to; the only CHATTERS event that can still come dated earlier is a leave awaiting its
 * confirmation (with `leaveConfirmations` ≥ 2), dated at its first miss: the watermark stays at the
 * oldest such miss, though never more than confirmations × poll interval back (the bound used before
 * it was exact), so that a channel whose polls keep failing does not hold every pair back for good. Once a
 * membership event or NAMES list has been read, membership events are dated `membershipDelayMs` back
 * and arrive up to a poll interval after their batch is due, for any user. An ACTIVITY join is dated
 * at the message, which arrives then; an ACTIVITY leave may be dated up to `activityTtlMs` back, but
 * only for a user who chatted in the last TTL: only that user's pairs wait the TTL longer, so a
 * CHATTERS migration is not held back by chat elsewhere. The engine relies on its caller's clock
 * never going back: an event dated before a `now` already advanced to may miss a nearer partner.
 * With `pairing: 'live'` the lateness only keeps unpaired events for a partner still to come: a pair is
 * released at the first advance that knows both its sides (a CHATTERS pair in the round of its later
 * poll), nearest among the events pending then, so a nearer event arriving later no longer takes it.
 * Use one source per channel: the bot filter counts presence per channel and source.
 */
export class TrackingEngine {
  readonly interner = new UserInterner();
  private readonly bots: BotFilter;
  private readonly differ: PresenceDiffer;
  private readonly events: ChatEventPresence;
  private readonly detector: MigrationDetector;
  private readonly membershipDelay: number;
  private readonly channels = new Set<string>();
  private readonly activityTtl: number;
  private readonly switches: ActivitySwitches;
  /** Set by the first membership event or NAMES list: from then on every user's pairs wait for them. */
  private membershipUsed = false;
  /** By user id: their last chat message in an ACTIVITY channel (epoch ms), while within the TTL. */
  private readonly lastMessageAt = new Map<number, number>();
  private nextMessagePruneAt = Number.NEGATIVE_INFINITY;
  /** The time of the current (or last) advance: extra lateness is judged against it. */
  private now = Number.NEGATIVE_INFINITY;
  private pollInterval: number;
  private readonly confirmations: number;

  constructor(options: TrackingEngineOptions = {}) {
    this.pollInterval = options.pollIntervalMs ?? 60_000;
    const confirmations = (this.confirmations = options.leaveConfirmations ?? 1);
    this.membershipDelay = options.membershipDelayMs ?? DEFAULT_MEMBERSHIP_DELAY_MS;
    this.bots = new BotFilter(this.interner, {
      logins: options.botLogins ?? DEFAULT_BOT_LOGINS,
      excludeNamesEndingInBot: options.excludeNamesEndingInBot,
      botChannels: options.botChannels,
    });
    const trackChanges = options.checkpoints ?? false;
    this.differ = new PresenceDiffer({ leaveConfirmations: confirmations, counter: this.bots, trackChanges });
    this.activityTtl = options.activityTtlMs ?? DEFAULT_ACTIVITY_TTL_MS;
    this.switches = new ActivitySwitches(this.activityTtl);
    this.events = new ChatEventPresence({
      activityTtlMs: this.activityTtl,
      counter: this.bots,
      trackChanges,
    });
    this.detector = new MigrationDetector(this.interner, {
      windowMs: options.windowMs,
      pairing: options.pairing,
      // Set before every advance from the sources in use.
      latenessMs: 0,
      extraLatenessMs: (userId) => this.activityLateness(userId),
      bots: this.bots,
      trackChanges,
    });
  }

  /** The poll interval now (the Helix budget may stretch it); the next advance takes it into account. */
  setPollIntervalMs(intervalMs: number): void {
    this.pollInterval = intervalMs;
  }

  /** How far before `now` an event of any user may still be dated, for the sources in use. */
  private lateness(now: number): number {
    const chatters = this.chattersLateness(now);
    return this.membershipUsed ? Math.max(chatters, this.membershipDelay + this.pollInterval) : chatters;
  }

  /**
   * Back to the oldest first miss still awaiting confirmation (none with one confirmation): every other
   * CHATTERS event will be dated at a poll answered from now on.
   */
  private chattersLateness(now: number): number {
    const firstMiss = this.differ.oldestPendingMiss();
    if (firstMiss === Number.POSITIVE_INFINITY) return 0;
    return Math.min(Math.max(0, now - firstMiss), this.confirmations * this.pollInterval);
  }

  /** A user who chatted within the TTL may still get a leave re-dated up to a TTL back. */
  private activityLateness(userId: number): number {
    const last = this.lastMessageAt.get(userId);
    return last !== undefined && last + this.activityTtl > this.now ? this.activityTtl : 0;
  }

  private useMembership(): void {
    this.membershipUsed = true;
  }

  /** One Get Chatters poll; `complete: false` (truncated / failed) yields joins but no leaves. */
  applyChattersPoll(channel: string, logins: readonly string[], at: number, complete: boolean): void {
    this.channels.add(channel);
    const diff = this.differ.snapshotLogins(channel, logins, this.interner, at, { complete });
    this.detector.applySnapshotDiff(diff, 'CHATTERS');
  }

  /** A NAMES list received on joining the room: baseline presence, no events. */
  applyNames(channel: string, logins: readonly string[], at: number): void {
    this.channels.add(channel);
    this.useMembership();
    for (const login of logins) this.events.join(channel, this.interner.intern(login), at);
  }

  /** An IRC JOIN/PART received at `at` (arrival time). */
  applyMembership(channel: string, kind: 'join' | 'part', login: string, at: number): void {
    this.channels.add(channel);
    this.useMembership();
    const userId = this.interner.intern(login);
    const dated = at - this.membershipDelay;
    const event =
      kind === 'join' ? this.events.join(channel, userId, dated) : this.events.part(channel, userId, dated);
    if (event !== undefined) this.detector.applyEvents([event]);
    else if (kind === 'part') this.detector.leave(channel, userId, dated);
  }

  /** A chat message sent at `at`. */
  applyMessage(channel: string, login: string, at: number): void {
    this.channels.add(channel);
    const userId = this.interner.intern(login);
    this.noteMessage(userId, at);
    const event = this.events.message(channel, userId, at);
    if (event === undefined) return;
    this.switches.noteJoin(userId, channel, at);
    this.detector.applyEvents([event]);
  }

  /** A raid from `fromLogin`'s channel into `toChannel`: flags migrations along that edge. */
  applyRaid(fromLogin: string, toChannel: string, at: number): void {
    this.detector.recordRaid(fromLogin.toLowerCase(), toChannel, at);
  }

  /** Stops tracking a channel; its users no longer count as present there (no leaves emitted). */
  removeChannel(channel: string): void {
    this.channels.delete(channel);
    this.differ.removeChannel(channel);
    this.events.removeChannel(channel);
  }

  /** Expires activity presence up to `now`, then returns the migrations that became final. */
  advance(now: number): Migration[] {
    this.now = now;
    const expired = this.events.expire(now);
    this.switches.dateLeaves(expired, now);
    this.detector.applyEvents(expired);
    this.pruneMessageTimes(now);
    this.detector.setLatenessMs(this.lateness(now));
    return this.detector.advance(now);
  }

  private noteMessage(userId: number, at: number): void {
    this.lastMessageAt.set(userId, Math.max(at, this.lastMessageAt.get(userId) ?? at));
  }

  private pruneMessageTimes(now: number): void {
    if (now < this.nextMessagePruneAt) return;
    this.nextMessagePruneAt = now + this.activityTtl / 10;
    for (const [userId, at] of this.lastMessageAt) {
      if (at + this.activityTtl <= now) this.lastMessageAt.delete(userId);
    }
  }

  /**
   * At shutdown: no event will arrive before the stop, so every leave and join already seen that can be
   * paired is paired now, as if the watermark had passed them all. Unpaired events are kept for a restart
   * that resumes from a checkpoint, and activity presence is not expired (that would invent leaves).
   */
  settle(): Migration[] {
    return this.detector.settle();
  }

  /**
   * What changed since the previous call: pending users and channel presence by login, and the few global
   * facts. `carried`: keys of an earlier delta the store did not take, exported again as they are now.
   */
  checkpoint(carried?: CarriedKeys): EngineCheckpointDelta {
    const interner = this.interner;
    const users = new Map<string, PendingUserCheckpoint | null>();
    for (const login of carried?.users ?? []) {
      const id = interner.idOf(login);
      users.set(login, id === undefined ? null : (this.detector.exportUser(id) ?? null));
    }
    for (const id of this.detector.takeChangedUsers()) {
      users.set(interner.loginOf(id), this.detector.exportUser(id) ?? null);
    }
    const channels = new Map<string, ChannelCheckpoint | null>();
    const changed = [
      ...(carried?.channels ?? []),
      ...this.differ.takeChangedChannels(),
      ...this.events.takeChangedChannels(),
    ];
    for (const channel of changed) channels.set(channel, this.channelCheckpoint(channel));
    const { watermark, raids } = this.detector.exportMeta();
    const activityJoins = this.switches
      .entries()
      .map(([id, channel, at]): [string, string, number] => [interner.loginOf(id), channel, at]);
    return {
      users,
      channels,
      meta: { watermark, membershipUsed: this.membershipUsed, raids, activityJoins },
    };
  }

  /**
   * Resumes from a checkpoint: pending leaves and joins, raids and the watermark always; channel presence
   * only when `presence` (the caller decides whether it is recent enough to diff the next polls against).
   */
  restore(saved: EngineCheckpoint, options: { presence: boolean }): void {
    const interner = this.interner;
    this.detector.restoreMeta(saved.meta);
    if (saved.meta.membershipUsed) this.useMembership();
    const activityJoins = saved.meta.activityJoins.map(([login, channel, at]): [number, string, number] => [
      interner.intern(login),
      channel,
      at,
    ]);
    this.switches.restore(activityJoins);
    // Their chat may still re-date a leave: their pairs keep waiting after the restart.
    for (const [userId, , at] of activityJoins) this.noteMessage(userId, at);
    for (const [login, pending] of saved.users) this.detector.restoreUser(interner.intern(login), pending);
    if (!options.presence) return;
    for (const [channel, presence] of saved.channels) {
      this.channels.add(channel);
      if (presence.kind === 'list') this.differ.restoreLogins(channel, presence.logins, interner);
      else {
        const members = presence.members.map(([login, until]): [number, number | null] => [
          interner.intern(login),
          until,
        ]);
        this.events.restoreMembers(channel, members);
        for (const [userId, until] of members) {
          if (until !== null) this.noteMessage(userId, until - this.activityTtl);
        }
      }
    }
  }

  private channelCheckpoint(channel: string): ChannelCheckpoint | null {
    const listed = this.differ.presentIds(channel);
    if (listed !== undefined) return { kind: 'list', logins: listed.map((id) => this.interner.loginOf(id)) };
    const members = this.events.members(channel);
    if (members === undefined) return null;
    return {
      kind: 'events',
      members: members.map(([id, until]) => [this.interner.loginOf(id), until]),
    };
  }

  /** Channels the user is present in right now, across sources (0 when unknown). */
  channelCount(login: string): number {
    const id = this.interner.idOf(login);
    return id === undefined ? 0 : this.bots.channelCount(id);
  }

  stats(): TrackingEngineStats {
    const s = this.detector.stats();
    return {
      trackedUsers: this.interner.size,
      channels: this.channels.size,
      pending: s.pendingLeaves + s.pendingJoins,
      recorded: s.recorded,
    };
  }
}
