/** Presence signals read from chat; times are epoch ms on the service's clock. */
export type ChatPresenceEvent =
  | { kind: 'join' | 'part' | 'message'; channel: string; login: string; at: number }
  /** A complete NAMES list (353 … 366); for rooms over 1000 users Twitch lists only moderators. */
  | { kind: 'names'; channel: string; logins: string[]; at: number }
  /** A raid arriving in `channel` from `fromLogin`'s channel. */
  | { kind: 'raid'; channel: string; fromLogin: string; viewers: number; at: number };

export type ChatPresenceListener = (event: ChatPresenceEvent) => void;

/** Twitch chat as a read-only presence source: anonymous, or with a token when one is configured. */
export abstract class TwitchChatPort {
  abstract connect(): Promise<void>;

  abstract disconnect(): Promise<void>;

  abstract get connected(): boolean;

  /** Whether `connect` was called (and `disconnect` not since): chat is in use and should be connected. */
  abstract get opened(): boolean;

  /** Joins a channel; membership events are requested, so JOIN/PART of others arrive (batched by Twitch). */
  abstract join(channel: string): Promise<void>;

  abstract part(channel: string): void;

  abstract subscribe(listener: ChatPresenceListener): () => void;
}
