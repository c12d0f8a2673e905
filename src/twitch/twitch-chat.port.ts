import type { ChatTransport } from '../config';

/** Presence signals read from chat; times are epoch ms on the service's clock. */
export type ChatPresenceEvent =
  | { kind: 'join' | 'part' | 'message'; channel: string; login: string; at: number }
  /** A complete NAMES list (353 … 366); for rooms over 1000 users Twitch lists only moderators. */
  | { kind: 'names'; channel: string; logins: string[]; at: number }
  /** A raid arriving in `channel` from `fromLogin`'s channel. */
  | { kind: 'raid'; channel: string; fromLogin: string; viewers: number; at: number };

export type ChatPresenceListener = (event: ChatPresenceEvent) => void;

/**
 * Twitch's concurrent join limit (since June 2024, verified bots included): one chat user is in at most this
 * many channels at once across IRC and EventSub; channels the user moderates do not count.
 */
export const CHAT_CHANNEL_LIMIT = 100;

/** What chat over EventSub (`channel.chat.message`, `channel.chat.notification`) needs from the reading user. */
export const EVENTSUB_CHAT_SCOPE = 'user:read:chat';
/** What reading chat over IRC as a user needs. */
export const IRC_CHAT_SCOPE = 'chat:read';

/** The scopes a user chat is read as must grant, for the transport. */
export function chatScopesFor(transport: ChatTransport): string[] {
  if (transport === 'irc') return [IRC_CHAT_SCOPE];
  if (transport === 'eventsub') return [EVENTSUB_CHAT_SCOPE];
  return [IRC_CHAT_SCOPE, EVENTSUB_CHAT_SCOPE];
}

/**
 * What a room is joined for: others' JOIN/PART (MEMBERSHIP presence, IRC only) or chat messages (ACTIVITY);
 * raids come either way. A transport that reads only one way reads the room that way.
 */
export type ChatReading = 'membership' | 'messages';

/** Why Twitch refused a join: the reading user's concurrent-channel limit, or the channel itself. */
export type ChatJoinRefusal = 'CHANNEL_LIMIT' | 'CHANNEL_UNAVAILABLE';

/** Twitch answered a JOIN with a refusal (a NOTICE), rather than joining the channel. */
export class ChatJoinRefusedError extends Error {
  constructor(
    readonly channel: string,
    readonly refusal: ChatJoinRefusal,
  ) {
    super(
      refusal === 'CHANNEL_LIMIT'
        ? `Twitch refused to join ${channel}: the reading user is in as many channels as it may be at once`
        : `Twitch refused to join ${channel}: the channel is suspended or the reading user is banned there`,
    );
    this.name = 'ChatJoinRefusedError';
  }
}

/** Twitch chat as a read-only presence source: anonymous, or with a token when one is configured. */
export abstract class TwitchChatPort {
  abstract connect(): Promise<void>;

  abstract disconnect(): Promise<void>;

  abstract get connected(): boolean;

  /** Whether `connect` was called (and `disconnect` not since): chat is in use and should be connected. */
  abstract get opened(): boolean;

  /**
   * Channels chat may be in at once, not counting channels the reading user moderates: Twitch's
   * concurrent join limit for each user chat is read as.
   */
  abstract get channelCapacity(): number;

  /** Whether others' JOIN/PART (and NAMES) arrive: IRC's membership capability; EventSub has none. */
  abstract get readsMembership(): boolean;

  /**
   * Channels a reading user moderates (known once connected): Twitch's concurrent join limit does not count
   * them, so they take none of `channelCapacity`.
   */
  abstract get exemptChannels(): ReadonlySet<string>;

  /**
   * Joins a channel to read it as `reading` asks, as far as the transport can (IRC requests membership
   * events, so JOIN/PART of others arrive, batched by Twitch; EventSub reads messages).
   * @throws ChatJoinRefusedError when Twitch refuses the join.
   */
  abstract join(channel: string, reading: ChatReading): Promise<void>;

  abstract part(channel: string): void;

  private readonly listeners = new Set<ChatPresenceListener>();

  /** Every presence event from now on, until the returned function is called. */
  subscribe(listener: ChatPresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected emit(event: ChatPresenceEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
