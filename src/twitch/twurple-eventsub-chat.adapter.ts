import { Logger } from '@nestjs/common';
import { ApiClient } from '@twurple/api';
import { HttpStatusCodeError } from '@twurple/api-call';
import { type EventSubSubscription } from '@twurple/eventsub-base';
import { EventSubWsListener } from '@twurple/eventsub-ws';
import { Clock } from '../common/clock';
import type { TwitchConfig } from '../config';
import { readModeratedChannels } from './moderated-channels';
import { userAuthFor } from './moderator-auth';
import type { ReaderCredentials } from './moderator-credentials';
import { TwitchCalls } from './twitch-calls';
import { TwitchUsersPort } from './twitch-users.port';
import {
  CHAT_CHANNEL_LIMIT,
  ChatJoinRefusedError,
  EVENTSUB_CHAT_SCOPE,
  TwitchChatPort,
} from './twitch-chat.port';
import { ModeratorTokenRefusedError } from './twitch-chatters.port';
import { twurpleLoggerOptions } from './twurple-logger';

interface Reader {
  listener: EventSubWsListener;
  userId: string;
  login: string;
}

/** A room read over EventSub: its two subscriptions. */
interface Room {
  message: EventSubSubscription;
  notification: EventSubSubscription;
}

/**
 * Chat over EventSub WebSocket, Twitch's recommended transport: `channel.chat.message` for each room
 * (ACTIVITY presence) and `channel.chat.notification` for the raids into it, as the moderator user (whose
 * token needs `user:read:chat`). Both cost nothing against EventSub's max_total_cost, since the reading
 * user authorises them; the room counts against Twitch's concurrent join limit like an IRC JOIN. EventSub
 * carries no JOIN/PART, so no MEMBERSHIP presence.
 */
export class TwurpleEventSubChatAdapter extends TwitchChatPort {
  private readonly logger = new Logger(TwurpleEventSubChatAdapter.name);
  private readonly rooms = new Map<string, Room>();
  private reader: Reader | null = null;
  private socketUp = false;

  private exempt: ReadonlySet<string> = new Set();

  constructor(
    private readonly config: TwitchConfig,
    private readonly clock: Clock,
    private readonly credentials: ReaderCredentials,
    private readonly calls: TwitchCalls,
    private readonly users: TwitchUsersPort,
  ) {
    super();
  }

  get connected(): boolean {
    return this.reader !== null && this.socketUp;
  }

  get opened(): boolean {
    return this.reader !== null;
  }

  get channelCapacity(): number {
    return CHAT_CHANNEL_LIMIT;
  }

  get readsMembership(): boolean {
    return false;
  }

  get exemptChannels(): ReadonlySet<string> {
    return this.exempt;
  }

  async connect(): Promise<void> {
    if (this.reader) return;
    const { grant, revision } = this.credentials;
    if (!grant || !this.credentials.usable) {
      throw new Error('Chat over EventSub needs the moderator token (TWITCH_MODERATOR_TOKEN or a lent one)');
    }
    const auth = await userAuthFor(this.config, grant).catch((error: unknown) => {
      if (error instanceof ModeratorTokenRefusedError) this.credentials.refuse(revision, error.reason);
      throw error;
    });
    if (!auth.scopes.includes(EVENTSUB_CHAT_SCOPE)) {
      throw new Error(
        `Chat over EventSub needs the ${EVENTSUB_CHAT_SCOPE} scope on the token of ${auth.login}`,
      );
    }
    this.exempt = await readModeratedChannels(auth, this.calls, this.config.timeoutMs);
    const api = new ApiClient({
      authProvider: auth.authProvider,
      logger: twurpleLoggerOptions('TwitchEventSub'),
      fetchOptions: this.calls.fetchOptions,
    });
    const listener = new EventSubWsListener({
      apiClient: api,
      logger: twurpleLoggerOptions('TwitchEventSub'),
    });
    listener.onUserSocketConnect(() => (this.socketUp = true));
    listener.onUserSocketDisconnect((_userId, error) => {
      this.socketUp = false;
      // @twurple reconnects and creates the subscriptions again on the new session.
      if (error) this.logger.warn(`EventSub connection lost (${error.message}); reconnecting`);
    });
    listener.onRevoke((subscription, status) =>
      this.logger.warn(`Twitch revoked the EventSub subscription ${subscription.id} (${status})`),
    );
    listener.start();
    this.reader = { listener, userId: auth.userId, login: auth.login };
    this.logger.log(`Reading chat over EventSub as ${auth.login} (${this.exempt.size} channels moderated)`);
  }

  async join(channel: string): Promise<void> {
    const reader = this.reader;
    if (!reader) throw new Error('Connect to chat before joining channels');
    if (this.rooms.has(channel)) return;
    const broadcaster = await this.users.findByLogin(channel);
    if (!broadcaster) throw new ChatJoinRefusedError(channel, 'CHANNEL_UNAVAILABLE');
    const message = reader.listener.onChannelChatMessage(broadcaster.id, reader.userId, (event) =>
      this.emit({
        kind: 'message',
        channel: event.broadcasterName,
        login: event.chatterName,
        at: this.clock.now(),
      }),
    );
    const notification = reader.listener.onChannelChatNotification(broadcaster.id, reader.userId, (event) => {
      if (event.type !== 'raid') return;
      this.emit({
        kind: 'raid',
        channel: event.broadcasterName,
        fromLogin: event.raiderName,
        viewers: event.viewerCount,
        at: this.clock.now(),
      });
    });
    this.rooms.set(channel, { message, notification });
    // Both answered before anything is undone: a subscription stopped while Twitch is still creating it would
    // be left enabled there, unknown to @twurple.
    const answers = await this.calls.run(
      `the EventSub subscriptions of ${channel}`,
      () => Promise.allSettled([this.created(reader, message), this.created(reader, notification)]),
      this.config.timeoutMs,
    );
    const refusal = answers.find((answer) => answer.status === 'rejected');
    if (refusal === undefined) return;
    this.part(channel);
    const error: unknown = refusal.reason;
    // Twitch's answer when the reading user is in as many channels as it may be.
    if (error instanceof HttpStatusCodeError && error.statusCode === 429) {
      throw new ChatJoinRefusedError(channel, 'CHANNEL_LIMIT');
    }
    throw error;
  }

  /** Resolves when Twitch accepted the subscription, rejects with its refusal. */
  private created(reader: Reader, subscription: EventSubSubscription): Promise<void> {
    return new Promise((resolve, reject) => {
      const success = reader.listener.onSubscriptionCreateSuccess((created) => {
        if (created !== subscription) return;
        success.unbind();
        failure.unbind();
        resolve();
      });
      const failure = reader.listener.onSubscriptionCreateFailure((failed, error) => {
        if (failed !== subscription) return;
        success.unbind();
        failure.unbind();
        reject(error);
      });
    });
  }

  part(channel: string): void {
    const room = this.rooms.get(channel);
    if (!room) return;
    this.rooms.delete(channel);
    room.message.stop();
    room.notification.stop();
  }

  async disconnect(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    this.socketUp = false;
    this.rooms.clear();
    reader?.listener.stop();
  }
}
