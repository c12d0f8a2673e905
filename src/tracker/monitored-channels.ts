import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { trackerConfig } from '../config';
import type { PresenceSource } from '../migration/presence-source';
import { TwitchChattersPort } from '../twitch/twitch-chatters.port';
import { ChannelSelectionService, type SelectedChannel } from './channel-selection.service';
import { ChatPresenceRouter } from './chat-presence-router';
import {
  ChatJoinRefusals,
  type FailedJoin,
  REFUSED_JOIN_RETRY_MS,
  UNANSWERED_JOIN_RETRY_MS,
} from './chat-join-refusals';
import { allocateChatSlots } from './chat-slots';
import type { ResumedPresence } from './migration-writer';
import {
  budgetedIntervalForTokens,
  pagesPerPoll,
  plannedPointsPerMinute,
  SHORTEN_THRESHOLD,
} from './poll-budget';
import { PollScheduler } from './poll-scheduler';
import { chooseSource } from './source-choice';
import { TrackingEngine } from './tracking-engine';
import { UnwatchedReason } from './unwatched-reason';

function sumOf(values: Iterable<number>): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

/** A longer interval is taken when it is this much longer (the budget's reserve covers less). */
const LENGTHEN_THRESHOLD = 0.01;

/** The Helix budget of the moderator tokens (added up) and what the polls plan to spend of it. */
export interface PollBudgetView {
  pollIntervalMs: number;
  pointsPerMinute: number;
  plannedPointsPerMinute: number;
  /** Usable moderator tokens. */
  moderatorTokens: number;
}

export interface MonitoredChannelState extends SelectedChannel {
  source: PresenceSource;
  since: Date;
  lastPolledAt: Date | null;
  chatters: number | null;
  /** Why the channel is not read now, or null when it is. */
  unwatchedReason: UnwatchedReason | null;
  /** How often Get Chatters reads the channel now (CHATTERS channels only). */
  pollIntervalMs: number | null;
}

/**
 * The channels monitored now, kept in line with the selection: each read from the best source it allows
 * (chat when the moderator token is missing, refused, or not a moderator of the channel), chat channels
 * handed to the chat router as far as Twitch's concurrent join limit leaves room (the others are reported
 * with the reason), and every channel given a polling slot.
 */
@Injectable()
export class MonitoredChannels {
  private readonly logger = new Logger(MonitoredChannels.name);
  private readonly channels = new Map<string, MonitoredChannelState>();
  private readonly scheduler: PollScheduler;
  /** Channels whose Get Chatters refused the moderator (not a moderator there): read from chat. */
  private readonly forbidden = new Set<string>();
  private appliedRevision = -1;
  /** What the last apply knew of chat: its exempt channels (learned on connecting), its capacity (lent readers). */
  private appliedChat = { exempt: 0, capacity: 0 };
  private credentialsRevision: number;
  /** Channels whose presence came from the checkpoint, until the first selection confirms their source. */
  private resumed: ResumedPresence | null = null;
  private readonly refusals = new ChatJoinRefusals();
  private budget: PollBudgetView;

  private readonly configuredIntervalMs: number;

  constructor(
    @Inject(trackerConfig.KEY) config: ConfigType<typeof trackerConfig>,
    private readonly selection: ChannelSelectionService,
    private readonly chatters: TwitchChattersPort,
    private readonly chat: ChatPresenceRouter,
    private readonly engine: TrackingEngine,
    private readonly clock: Clock,
  ) {
    this.configuredIntervalMs = config.pollIntervalMs;
    this.scheduler = new PollScheduler(config.pollIntervalMs);
    this.budget = {
      pollIntervalMs: config.pollIntervalMs,
      pointsPerMinute: sumOf(chatters.budgets.values()),
      plannedPointsPerMinute: 0,
      moderatorTokens: chatters.budgets.size,
    };
    this.credentialsRevision = chatters.revision;
  }

  get size(): number {
    return this.channels.size;
  }

  get(login: string): MonitoredChannelState | undefined {
    return this.channels.get(login);
  }

  all(): MonitoredChannelState[] {
    return [...this.channels.values()];
  }

  /** The poll interval now, the token's budget and what the polls plan to spend of it. */
  pollBudget(): PollBudgetView {
    return this.budget;
  }

  /**
   * Re-times the polls to the moderator tokens' Helix budgets (`budgetedIntervalForTokens`): Get Chatters
   * for every CHATTERS channel at TRACKER_POLL_INTERVAL when that fits, at a longer interval when not.
   */
  budgetPolls(): void {
    const channels = this.all()
      .filter((state) => state.source === 'CHATTERS')
      .map((state) => ({
        pages: pagesPerPoll(state.chatters, state.viewers),
        token: state.broadcasterId === null ? null : this.chatters.moderatorFor(state.broadcasterId),
      }));
    const pages = channels.map((channel) => channel.pages);
    const { budgets } = this.chatters;
    const wanted = budgetedIntervalForTokens({ configuredMs: this.configuredIntervalMs, budgets, channels });
    const current = this.scheduler.intervalMs;
    if (wanted > current * (1 + LENGTHEN_THRESHOLD) || wanted < current * (1 - SHORTEN_THRESHOLD)) {
      this.scheduler.setIntervalMs(wanted, this.clock.now());
      // A poll may now be that late: the detector waits as long for it, and no longer.
      this.engine.setPollIntervalMs(wanted);
    }
    const pollIntervalMs = this.scheduler.intervalMs;
    for (const state of this.channels.values()) {
      state.pollIntervalMs = state.source === 'CHATTERS' ? pollIntervalMs : null;
    }
    this.budget = {
      pollIntervalMs,
      pointsPerMinute: sumOf(budgets.values()),
      plannedPointsPerMinute: plannedPointsPerMinute(pages, pollIntervalMs),
      moderatorTokens: budgets.size,
    };
  }

  /** Channels due for a poll at `now`; each is rescheduled to its next slot. */
  due(now: number): string[] {
    return this.scheduler.due(now);
  }

  /** The presence a restart resumed, reconciled with the first selection applied. */
  resumeFrom(resumed: ResumedPresence): void {
    this.resumed = resumed;
  }

  /** New moderator credentials: channels refused before may be readable now. */
  checkCredentials(): void {
    if (this.chatters.revision === this.credentialsRevision) return;
    this.credentialsRevision = this.chatters.revision;
    this.forbidden.clear();
    this.appliedRevision = -1;
  }

  /** Get Chatters refused the moderator for this channel: it moves to chat with the next apply. */
  forbid(login: string): void {
    this.forbidden.add(login);
    this.appliedRevision = -1;
  }

  /**
   * The join of the channel's chat did not take: refused by Twitch (it waits REFUSED_JOIN_RETRY_MS, its slot
   * goes elsewhere) or unanswered (tried again after UNANSWERED_JOIN_RETRY_MS).
   */
  refuseJoin(login: string, failure: FailedJoin): void {
    const state = this.channels.get(login);
    if (!state || state.unwatchedReason !== null) return; // unmonitored, or moved, meanwhile
    const unanswered = failure === 'UNANSWERED';
    state.unwatchedReason = unanswered
      ? UnwatchedReason.CHAT_JOIN_UNANSWERED
      : UnwatchedReason.CHAT_JOIN_REFUSED;
    const exempt = this.chat.exemptChannels;
    const slotsInUse = this.chatChannelsRead().filter((read) => !exempt.has(read)).length;
    this.refusals.refuse(login, failure, this.clock.now(), slotsInUse);
    this.appliedRevision = -1;
    const retryMs = unanswered ? UNANSWERED_JOIN_RETRY_MS : REFUSED_JOIN_RETRY_MS;
    this.logger.warn(
      `${unanswered ? 'Twitch did not answer the join of' : `Twitch refused (${failure}) to join`} the chat of ` +
        `${login}: tried again in ${retryMs / 60_000} minute${retryMs === 60_000 ? '' : 's'}` +
        (this.refusals.cappedSlots !== null
          ? `; chat is kept to ${this.refusals.cappedSlots} channels until then`
          : ''),
    );
  }

  /**
   * Brings the monitored channels in line with the selection, when it changed or a refused join may be
   * tried again.
   */
  apply(): void {
    const expired = this.refusals.expire(this.clock.now());
    const chat = { exempt: this.chat.exemptChannels.size, capacity: this.chat.capacity };
    const chatChanged =
      chat.exempt !== this.appliedChat.exempt || chat.capacity !== this.appliedChat.capacity;
    if (this.selection.revision === this.appliedRevision && !expired && !chatChanged) return;
    this.appliedRevision = this.selection.revision;
    this.appliedChat = chat;
    const selected = this.selection.selected();
    const wanted = new Set(selected.map((channel) => channel.login));
    for (const login of [...this.channels.keys()]) {
      if (!wanted.has(login)) this.stop(login);
    }
    const sources = new Map<string, PresenceSource>();
    for (const channel of selected) {
      const current = this.channels.get(channel.login);
      // A kept channel stays on its source: switching would forget who is present, the point of keeping it.
      sources.set(channel.login, current && channel.keptUntil ? current.source : this.sourceOf(channel));
    }
    const slots = this.chatSlots(selected, sources);
    for (const channel of selected) {
      const source = sources.get(channel.login) as PresenceSource;
      const reason = this.whyUnwatched(channel.login, source, slots);
      const current = this.channels.get(channel.login);
      if (
        current &&
        (current.source !== source || (current.unwatchedReason === null) !== (reason === null))
      ) {
        this.stop(channel.login);
      }
      const kept = this.channels.get(channel.login);
      if (kept) Object.assign(kept, channel, { unwatchedReason: reason });
      else this.start(channel, source, reason);
    }
    this.scheduler.setChannels(
      selected.map((channel) => channel.login),
      this.clock.now(),
    );
    this.dropStaleResumedPresence();
  }

  /** How the channel would be monitored now (for a pin while the tracker is disabled). */
  preview(channel: SelectedChannel): MonitoredChannelState {
    return this.stateOf(channel, this.sourceOf(channel));
  }

  /**
   * Once, after resuming: presence of a channel no longer monitored, or now read from another source, is
   * forgotten; the others keep their polling slots, so their next poll comes when it would have.
   */
  private dropStaleResumedPresence(): void {
    if (!this.resumed) return;
    const kept: string[] = [];
    for (const [login, kind] of this.resumed.channels) {
      const state = this.channels.get(login);
      if (state && state.unwatchedReason === null && (kind === 'list') === (state.source === 'CHATTERS'))
        kept.push(login);
      else this.engine.removeChannel(login);
    }
    this.scheduler.resume(kept, this.resumed.savedAt);
    this.resumed = null;
  }

  private sourceOf(channel: SelectedChannel): PresenceSource {
    return chooseSource({
      chattersAvailable: this.chatters.available,
      broadcasterId: channel.broadcasterId,
      chattersForbidden: this.forbidden.has(channel.login),
      viewers: channel.viewers,
      membershipReadable: this.chat.readsMembership,
    });
  }

  /** The channels read from chat now (joined, or being joined). */
  private chatChannelsRead(): string[] {
    return this.all()
      .filter((state) => state.source !== 'CHATTERS' && state.unwatchedReason === null)
      .map((state) => state.login);
  }

  /**
   * The chat channels that get a slot now (Twitch's concurrent join limit; see allocateChatSlots). Channels
   * a reading user moderates are read without one.
   */
  private chatSlots(selected: SelectedChannel[], sources: Map<string, PresenceSource>): Set<string> {
    const exempt = this.chat.exemptChannels;
    const candidates = selected.filter(
      (channel) => sources.get(channel.login) !== 'CHATTERS' && !this.refusals.isRefused(channel.login),
    );
    const watched = new Set(this.chatChannelsRead().filter((login) => !exempt.has(login)));
    const capacity = this.refusals.slots(this.chat.capacity);
    const slots = allocateChatSlots(
      candidates.filter((channel) => !exempt.has(channel.login)),
      watched,
      capacity,
    );
    for (const channel of candidates) if (exempt.has(channel.login)) slots.add(channel.login);
    return slots;
  }

  private whyUnwatched(login: string, source: PresenceSource, slots: Set<string>): UnwatchedReason | null {
    if (source === 'CHATTERS' || slots.has(login)) return null;
    if (!this.refusals.isRefused(login)) return UnwatchedReason.CHAT_CHANNEL_LIMIT;
    return this.refusals.isUnanswered(login)
      ? UnwatchedReason.CHAT_JOIN_UNANSWERED
      : UnwatchedReason.CHAT_JOIN_REFUSED;
  }

  private stateOf(
    channel: SelectedChannel,
    source: PresenceSource,
    unwatchedReason: UnwatchedReason | null = null,
  ): MonitoredChannelState {
    const since = this.clock.date();
    const pollIntervalMs = source === 'CHATTERS' ? this.scheduler.intervalMs : null;
    return { ...channel, source, since, lastPolledAt: null, chatters: null, unwatchedReason, pollIntervalMs };
  }

  private start(channel: SelectedChannel, source: PresenceSource, reason: UnwatchedReason | null): void {
    this.channels.set(channel.login, this.stateOf(channel, source, reason));
    if (source === 'CHATTERS' || reason !== null) return;
    void this.chat.watch(channel.login, source).then((refusal) => {
      if (refusal) this.refuseJoin(channel.login, refusal);
    });
  }

  private stop(login: string): void {
    this.channels.delete(login);
    this.engine.removeChannel(login);
    this.chat.unwatch(login);
  }
}
