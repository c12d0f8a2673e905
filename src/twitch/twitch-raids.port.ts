/** A raid Twitch announced: `fromLogin`'s channel sent `viewers` viewers to `toLogin`'s. */
export interface RaidEvent {
  fromLogin: string;
  toLogin: string;
  viewers: number;
  /** Epoch ms on the service's clock, when the notification arrived. */
  at: number;
}

export type RaidListener = (event: RaidEvent) => void;

/**
 * Raids into channels, whatever reads their presence: EventSub `channel.raid`, which needs no one's
 * authorisation, through a conduit of the app (its WebSocket transport would allow 10 channels, a
 * conduit 10,000).
 */
export abstract class TwitchRaidsPort {
  /** Whether the notifications' connection is up now. */
  abstract get connected(): boolean;

  /**
   * Follows the raids into the channel from now on; resolves once Twitch created (or already had) the
   * subscription. Rejects with a TwitchRequestError when Twitch refused or could not be reached.
   */
  abstract follow(broadcasterId: string, login: string): Promise<void>;

  /** Stops following the channel's raids (nothing when it was not followed). */
  abstract unfollow(login: string): Promise<void>;

  /** Closes the connection; the subscriptions stay with Twitch for the next start. */
  abstract close(): Promise<void>;

  private readonly listeners = new Set<RaidListener>();

  /** Every raid from now on, until the returned function is called. */
  subscribe(listener: RaidListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected emit(event: RaidEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
