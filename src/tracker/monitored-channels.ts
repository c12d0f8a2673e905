import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { trackerConfig } from '../config';
import type { PresenceSource } from '../migration/presence-source';
import { TwitchChattersPort } from '../twitch/twitch-chatters.port';
import { ChannelSelectionService, type SelectedChannel } from './channel-selection.service';
import { ChatPresenceRouter } from './chat-presence-router';
import type { ResumedPresence } from './migration-writer';
import { PollScheduler } from './poll-scheduler';
import { chooseSource } from './source-choice';
import { TrackingEngine } from './tracking-engine';

export interface MonitoredChannelState extends SelectedChannel {
  source: PresenceSource;
  since: Date;
  lastPolledAt: Date | null;
  chatters: number | null;
}

/**
 * The channels monitored now, kept in line with the selection: each read from the best source it allows
 * (chat when the moderator token is missing, refused, or not a moderator of the channel), chat channels
 * handed to the chat router, and every channel given a polling slot.
 */
@Injectable()
export class MonitoredChannels {
  private readonly channels = new Map<string, MonitoredChannelState>();
  private readonly scheduler: PollScheduler;
  /** Channels whose Get Chatters refused the moderator (not a moderator there): read from chat. */
  private readonly forbidden = new Set<string>();
  private appliedRevision = -1;
  private credentialsRevision: number;
  /** Channels whose presence came from the checkpoint, until the first selection confirms their source. */
  private resumed: ResumedPresence | null = null;

  constructor(
    @Inject(trackerConfig.KEY) config: ConfigType<typeof trackerConfig>,
    private readonly selection: ChannelSelectionService,
    private readonly chatters: TwitchChattersPort,
    private readonly chat: ChatPresenceRouter,
    private readonly engine: TrackingEngine,
    private readonly clock: Clock,
  ) {
    this.scheduler = new PollScheduler(config.pollIntervalMs);
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

  /** Brings the monitored channels in line with the selection (only when it changed). */
  apply(): void {
    if (this.selection.revision === this.appliedRevision) return;
    this.appliedRevision = this.selection.revision;
    const selected = this.selection.selected();
    const wanted = new Set(selected.map((channel) => channel.login));
    for (const login of [...this.channels.keys()]) {
      if (!wanted.has(login)) this.stop(login);
    }
    for (const channel of selected) {
      const current = this.channels.get(channel.login);
      // A kept channel stays on its source: switching would forget who is present, the point of keeping it.
      const source = current && channel.keptUntil ? current.source : this.sourceOf(channel);
      if (current && current.source !== source) this.stop(channel.login);
      const kept = this.channels.get(channel.login);
      if (kept) Object.assign(kept, channel);
      else this.start(channel, source);
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
      const source = this.channels.get(login)?.source;
      if (source !== undefined && (kind === 'list') === (source === 'CHATTERS')) kept.push(login);
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
    });
  }

  private stateOf(channel: SelectedChannel, source: PresenceSource): MonitoredChannelState {
    return { ...channel, source, since: this.clock.date(), lastPolledAt: null, chatters: null };
  }

  private start(channel: SelectedChannel, source: PresenceSource): void {
    this.channels.set(channel.login, this.stateOf(channel, source));
    if (source !== 'CHATTERS') void this.chat.watch(channel.login, source);
  }

  private stop(login: string): void {
    this.channels.delete(login);
    this.engine.removeChannel(login);
    this.chat.unwatch(login);
  }
}
