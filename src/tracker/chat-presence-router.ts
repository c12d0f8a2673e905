import { Injectable, Logger } from '@nestjs/common';
import { ChatJoinRefusedError, type ChatPresenceEvent, TwitchChatPort } from '../twitch/twitch-chat.port';
import type { FailedJoin } from './chat-join-refusals';
import { RaidFollower } from './raid-follower';
import { TrackingEngine } from './tracking-engine';

/** The sources read from chat: JOIN/PART (with the NAMES baseline) or messages. */
export type ChatSource = 'MEMBERSHIP' | 'ACTIVITY';

/**
 * Chat presence: joins and parts the rooms of the channels tracked through chat and hands their events to
 * the engine as the channel's source reads them (raids to the RaidFollower, which uses them for the
 * channels whose `channel.raid` it does not follow). The one place a chat transport is opened and listened to.
 */
@Injectable()
export class ChatPresenceRouter {
  private readonly logger = new Logger(ChatPresenceRouter.name);
  /** The channels watched, with the source their events are read as. */
  private readonly sources = new Map<string, ChatSource>();
  private ready: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly chat: TwitchChatPort,
    private readonly engine: TrackingEngine,
    private readonly raids: RaidFollower,
  ) {}

  /** Whether the transport delivers others' JOIN/PART (MEMBERSHIP presence). */
  get readsMembership(): boolean {
    return this.chat.readsMembership;
  }

  /** Channels chat may be in at once (moderated ones aside), over every user it is read as. */
  get capacity(): number {
    return this.chat.channelCapacity;
  }

  /** Channels a reading user moderates: they take no capacity (known once chat is connected). */
  get exemptChannels(): ReadonlySet<string> {
    return this.chat.exemptChannels;
  }

  /**
   * Starts reading the channel's chat as `source`; chat is connected on first need. Resolves to how the
   * join failed (Twitch's refusal, or no answer in time: the channel is then not watched), null when it took.
   */
  async watch(login: string, source: ChatSource): Promise<FailedJoin | null> {
    this.sources.set(login, source);
    try {
      this.ready ??= this.chat.connect().then(
        () => {
          this.unsubscribe = this.chat.subscribe((event) => this.route(event));
        },
        (error: unknown) => {
          // A connection that timed out is tried again by the next join.
          this.ready = null;
          throw error;
        },
      );
      await this.ready;
      await this.chat.join(login, source === 'MEMBERSHIP' ? 'membership' : 'messages');
    } catch (error) {
      if (error instanceof ChatJoinRefusedError) {
        this.sources.delete(login);
        return error.refusal;
      }
      // Joins still paced by twurple fail when the app stops; that is not worth a warning.
      if (this.closed) return null;
      this.logger.warn(`Could not join the chat of ${login}: ${(error as Error).message}`);
      // Whatever half of the join went through is undone, so that the retry starts clean.
      this.unwatch(login);
      return 'UNANSWERED';
    }
    return null;
  }

  /** Stops reading the channel's chat (nothing when it was not watched). */
  unwatch(login: string): void {
    if (this.sources.delete(login) && this.chat.connected) this.chat.part(login);
  }

  /** At shutdown: no event is routed any more. */
  stopRouting(): void {
    this.closed = true;
    this.unsubscribe?.();
  }

  /** Disconnects chat if it was ever opened. */
  async close(): Promise<void> {
    this.stopRouting();
    if (this.ready) await this.chat.disconnect().catch(() => undefined);
  }

  private route(event: ChatPresenceEvent): void {
    if (event.kind === 'raid') {
      this.raids.applyChatRaid(event.fromLogin, event.channel, event.at);
      return;
    }
    const source = this.sources.get(event.channel);
    if (source === 'MEMBERSHIP') {
      if (event.kind === 'names') this.engine.applyNames(event.channel, event.logins, event.at);
      else if (event.kind === 'join' || event.kind === 'part') {
        this.engine.applyMembership(event.channel, event.kind, event.login, event.at);
      }
    } else if (source === 'ACTIVITY' && event.kind === 'message') {
      this.engine.applyMessage(event.channel, event.login, event.at);
    }
  }
}
