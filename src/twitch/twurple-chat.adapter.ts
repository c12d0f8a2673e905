import { Logger } from '@nestjs/common';
import type { AuthProvider } from '@twurple/auth';
import { ChatClient } from '@twurple/chat';
import { MessageTypes } from 'ircv3';
import { Clock } from '../common/clock';
import { currentTwurpleMockApiPort, type TwitchConfig } from '../config';
import { readModeratedChannels } from './moderated-channels';
import { userAuthFor } from './moderator-auth';
import type { ReaderCredentials } from './moderator-credentials';
import { TwitchCalls } from './twitch-calls';
import {
  CHAT_CHANNEL_LIMIT,
  type ChatJoinRefusal,
  ChatJoinRefusedError,
  IRC_CHAT_SCOPE,
  TwitchChatPort,
} from './twitch-chat.port';
import { ModeratorTokenRefusedError } from './twitch-chatters.port';
import { twurpleLoggerOptions } from './twurple-logger';

const { Reply353NamesReply, Reply366EndOfNames } = MessageTypes.Numerics;
/** The NOTICE ids that answer a JOIN with a refusal. */
const JOIN_REFUSALS: Record<string, ChatJoinRefusal> = {
  msg_concurrent_channel_limit_reached: 'CHANNEL_LIMIT',
  msg_channel_suspended: 'CHANNEL_UNAVAILABLE',
  msg_banned: 'CHANNEL_UNAVAILABLE',
};
const JOINS_PER_WINDOW = 20;
// Twitch's window is 10 s; @twurple counts 11 s, and a little more keeps timer jitter out of its queue.
const JOIN_WINDOW_MS = 11_500;

/**
 * `ChatClient` has no port option: `hostName: 'HOST:PORT/'` with `ssl: false` makes it open
 * `ws://HOST:PORT/:80`, which reaches a chat server on that port (the simulator's). Real Twitch needs none.
 */
function connectionOptions(chatUrl: string | undefined): { hostName?: string; ssl?: boolean } {
  const url =
    chatUrl ?? (currentTwurpleMockApiPort() ? `ws://127.0.0.1:${currentTwurpleMockApiPort()}` : undefined);
  if (!url) return {};
  const parsed = new URL(url);
  return { hostName: `${parsed.host}/`, ssl: parsed.protocol === 'wss:' };
}

/** Chat over IRC as one user (or anonymously): one reader of the ChatReaderPool. */
export class TwurpleChatAdapter extends TwitchChatPort {
  private readonly logger = new Logger(TwurpleChatAdapter.name);
  /** NAMES replies arrive in several 353 lines; the list is complete at 366. */
  private readonly pendingNames = new Map<string, string[]>();
  private client: ChatClient | null = null;
  /** Wall-clock times of the JOINs sent in the last window (Twitch's limit is in real time). */
  private readonly recentJoins: number[] = [];
  /** Joins waiting for Twitch's answer, by channel: the own JOIN echo or a refusal NOTICE settles them. */
  private readonly pendingJoins = new Map<
    string,
    { joined(): void; refused(error: ChatJoinRefusedError): void }
  >();

  private exempt: ReadonlySet<string> = new Set();

  constructor(
    private readonly config: TwitchConfig,
    private readonly clock: Clock,
    private readonly credentials: ReaderCredentials,
    private readonly calls: TwitchCalls,
  ) {
    super();
  }

  get connected(): boolean {
    return this.client?.isConnected ?? false;
  }

  get opened(): boolean {
    return this.client !== null;
  }

  /** One reading user (the moderator, or an anonymous connection, which Twitch limits alike). */
  get channelCapacity(): number {
    return CHAT_CHANNEL_LIMIT;
  }

  get readsMembership(): boolean {
    return true;
  }

  get exemptChannels(): ReadonlySet<string> {
    return this.exempt;
  }

  async connect(): Promise<void> {
    if (this.client) return;
    const authProvider = await this.chatAuthProvider();
    const client = new ChatClient({
      ...connectionOptions(this.config.chatUrl),
      authProvider,
      webSocket: true,
      readOnly: true,
      requestMembershipEvents: true,
      rejoinChannelsOnReconnect: true,
      logger: twurpleLoggerOptions('TwitchChat'),
    });
    this.client = client;
    // The service's own JOIN/PART echo is not a viewer's.
    const isSelf = (user: string) => user === client.irc.currentNick;
    client.onJoin((channel, user) => {
      if (isSelf(user)) this.pendingJoins.get(channel)?.joined();
      else this.emit({ kind: 'join', channel, login: user, at: this.clock.now() });
    });
    client.onPart((channel, user) => {
      if (!isSelf(user)) this.emit({ kind: 'part', channel, login: user, at: this.clock.now() });
    });
    client.onMessage((channel, user) =>
      this.emit({ kind: 'message', channel, login: user, at: this.clock.now() }),
    );
    client.onRaid((channel, user, raid) =>
      this.emit({ kind: 'raid', channel, fromLogin: user, viewers: raid.viewerCount, at: this.clock.now() }),
    );
    client.irc.onTypedMessage(Reply353NamesReply, (reply) => {
      const channel = reply.channel.replace(/^#/, '');
      const names = this.pendingNames.get(channel) ?? [];
      names.push(...reply.names.split(' ').filter(Boolean));
      this.pendingNames.set(channel, names);
    });
    client.irc.onTypedMessage(Reply366EndOfNames, (reply) => {
      const channel = reply.channel.replace(/^#/, '');
      const logins = this.pendingNames.get(channel) ?? [];
      this.pendingNames.delete(channel);
      this.emit({ kind: 'names', channel, logins, at: this.clock.now() });
    });
    client.irc.onTypedMessage(MessageTypes.Commands.Notice, ({ target, tags }) => {
      const refusal = JOIN_REFUSALS[tags.get('msg-id') ?? ''];
      const channel = target.replace(/^#/, '');
      if (refusal) this.pendingJoins.get(channel)?.refused(new ChatJoinRefusedError(channel, refusal));
    });
    client.onDisconnect((manually, reason) => {
      if (!manually)
        this.logger.warn(`Chat connection lost (${reason?.message ?? 'no reason'}); reconnecting`);
    });
    // JOINs sent before registration would queue in @twurple's paused limiter.
    const ready = new Promise<void>((resolve) => client.onAuthenticationSuccess(() => resolve()));
    client.connect();
    try {
      // @twurple waits for the chat login forever, reconnecting as it goes.
      await this.calls.run('the chat login', () => ready, this.config.timeoutMs);
    } catch (error) {
      // Dropped, so that the next connect starts afresh.
      if (this.client === client) this.client = null;
      client.quit();
      throw error;
    }
  }

  /**
   * Chat is read as the credentials' user when their token has `chat:read`. The moderator's falls back to
   * an anonymous connection (Twitch shows anonymous readers the same rooms, so the token is a courtesy, not
   * a need); a reader account's does not: it is there to add a user.
   */
  private async chatAuthProvider(): Promise<AuthProvider | undefined> {
    const { grant, revision, anonymousFallback } = this.credentials;
    let problem = 'no token';
    // A token Twitch refused already is not tried again.
    if (grant && this.credentials.usable) {
      try {
        const auth = await userAuthFor(this.config, grant, ['chat']);
        if (auth.scopes.includes(IRC_CHAT_SCOPE)) {
          this.exempt = await readModeratedChannels(auth, this.calls, this.config.timeoutMs);
          this.logger.log(`Reading chat as ${auth.login} (${this.exempt.size} channels moderated)`);
          return auth.authProvider;
        }
        problem = `the token of ${auth.login} lacks ${IRC_CHAT_SCOPE}`;
      } catch (error) {
        if (error instanceof ModeratorTokenRefusedError) this.credentials.refuse(revision, error.reason);
        problem = (error as Error).message;
        if (anonymousFallback) this.logger.warn(`The moderator token cannot log in to chat: ${problem}`);
      }
    }
    if (!anonymousFallback) throw new Error(`The reader of ${grant?.origin} cannot read chat: ${problem}`);
    this.exempt = new Set();
    this.logger.log('Reading chat anonymously');
    return undefined;
  }

  /**
   * The JOIN goes out on the IRC connection itself: @twurple's `join` would wait 10 s, on a timer of its
   * own, for an answer to a refusal it does not know (the concurrent-channel NOTICE). Its bookkeeping of
   * the rooms to rejoin after a reconnect follows Twitch's ROOMSTATE either way.
   */
  async join(channel: string): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('Connect to chat before joining channels');
    await this.joinSlot();
    const answered = new Promise<void>((resolve, reject) =>
      this.pendingJoins.set(channel, { joined: resolve, refused: reject }),
    );
    try {
      client.irc.join(`#${channel}`);
      await this.calls.run(`the join of ${channel}`, () => answered, this.config.timeoutMs);
    } finally {
      this.pendingJoins.delete(channel);
    }
  }

  /**
   * Twitch allows 20 JOINs per 10 s. Pacing them here keeps @twurple's own limiter from queueing, which
   * it reports line by line on the console, outside our logger.
   */
  private async joinSlot(): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.recentJoins.length > 0 && now - this.recentJoins[0] >= JOIN_WINDOW_MS)
        this.recentJoins.shift();
      if (this.recentJoins.length < JOINS_PER_WINDOW) {
        this.recentJoins.push(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, JOIN_WINDOW_MS - (now - this.recentJoins[0])));
    }
  }

  part(channel: string): void {
    this.client?.part(channel);
  }

  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client?.isConnected || client?.isConnecting) await client.quit();
  }
}
