import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock';
import {
  EventSubMessage,
  EventSubSessionJson,
  keepaliveMessage,
  reconnectMessage,
  welcomeMessage,
} from './eventsub-messages';
import type { EventSubSubscription } from './eventsub-subscriptions';

/** One WebSocket connection, as the session sees it: a real socket in the server, anything in tests. */
export interface EventSubTransport {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** Twitch's close codes and reasons (EventSub WebSocket reference) for the closes the simulator makes. */
export const EVENTSUB_CLOSE = {
  inboundTraffic: { code: 4001, reason: 'client sent inbound traffic' },
  connectionUnused: { code: 4003, reason: 'connection unused' },
  reconnectGraceExpired: { code: 4004, reason: 'client reconnect grace time expired' },
  invalidReconnect: { code: 4007, reason: 'invalid reconnect attempt' },
} as const;

/**
 * Who a subscription belongs to: a user through one client (WebSocket transport, and the user that created
 * a session's first subscription), or a client alone (an app token's conduit subscriptions).
 */
export interface EventSubOwner {
  readonly clientId: string;
  readonly userId?: string;
  readonly login?: string;
}

export interface EventSubSessionOptions {
  /** Silence, in seconds, after which a `session_keepalive` is sent. */
  keepaliveSeconds: number;
  /** A session still without a subscription this long after its welcome is reported to `onUnused`. */
  unusedMs: number;
  /** Wall-clock timers: a SystemClock in the server (unref'ed), a ManualClock in unit tests. */
  timers: Clock;
  onUnused(session: EventSubSession): void;
}

const NOTHING = (): void => undefined;

/**
 * One EventSub WebSocket session: its id, its enabled subscriptions and its owner, and the connection it
 * uses now (a `session_reconnect` moves it to another one under the same id). Sends the welcome, the
 * keepalives after each `keepaliveSeconds` of silence, and the reconnect message; the server decides when
 * it ends.
 */
export class EventSubSession {
  /** Opaque like Twitch's (base64url). */
  readonly id = randomBytes(21).toString('base64url');
  /** Enabled subscriptions only: disabled ones no longer belong to a connection. */
  readonly subscriptions = new Set<EventSubSubscription>();
  /** Set by the first subscription; the session then belongs to that user and client. */
  owner: EventSubOwner | undefined;
  private current: EventSubTransport | undefined;
  private status: 'connected' | 'reconnecting' = 'connected';
  private connected = new Date().toISOString();
  private cancelKeepalive = NOTHING;
  private cancelUnused = NOTHING;

  constructor(
    transport: EventSubTransport,
    private readonly options: EventSubSessionOptions,
  ) {
    this.current = transport;
  }

  /** When the connection now in use was opened (wall clock). */
  get connectedAt(): string {
    return this.connected;
  }

  /** Between a `session_reconnect` and the client's arrival at the reconnect URL. */
  get reconnecting(): boolean {
    return this.status === 'reconnecting';
  }

  /** Whether `transport` is the connection the session uses now. */
  uses(transport: EventSubTransport): boolean {
    return this.current === transport;
  }

  /** The first message on a connection; a session left without subscriptions is reported after `unusedMs`. */
  welcome(): void {
    this.send(welcomeMessage(this.json(this.options.keepaliveSeconds, null)));
    this.cancelUnused();
    this.cancelUnused = this.options.timers.after(this.options.unusedMs, () => {
      if (this.subscriptions.size === 0 && !this.reconnecting) this.options.onUnused(this);
    });
  }

  /** Sends at once; the next keepalive waits for another `keepaliveSeconds` of silence. */
  send(message: EventSubMessage): void {
    this.current?.send(JSON.stringify(message));
    this.armKeepalive();
  }

  /**
   * Asks the client to reconnect at `url`. Keepalives stop (the message says `keepalive_timeout_seconds:
   * null`), but notifications still arrive here until the client is welcomed on the new connection.
   */
  beginReconnect(url: string): void {
    this.status = 'reconnecting';
    this.stopTimers();
    this.current?.send(JSON.stringify(reconnectMessage(this.json(null, url))));
  }

  /** The client came to the reconnect URL: the session, its subscriptions and its id continue there. */
  moveTo(transport: EventSubTransport): void {
    this.current = transport;
    this.status = 'connected';
    this.connected = new Date().toISOString();
    this.welcome();
  }

  /** The connection closed while the session waits at its reconnect URL: nothing can be sent meanwhile. */
  detach(): void {
    this.current = undefined;
  }

  /** Closes the connection in use with `code` (the server has already ended the session). */
  close(code: number, reason: string): void {
    this.stopTimers();
    this.current?.close(code, reason);
  }

  stopTimers(): void {
    this.cancelKeepalive();
    this.cancelUnused();
    this.cancelKeepalive = NOTHING;
    this.cancelUnused = NOTHING;
  }

  private armKeepalive(): void {
    this.cancelKeepalive();
    this.cancelKeepalive = NOTHING;
    if (this.reconnecting || !this.current) return;
    this.cancelKeepalive = this.options.timers.after(this.options.keepaliveSeconds * 1000, () =>
      this.send(keepaliveMessage()),
    );
  }

  private json(keepaliveSeconds: number | null, reconnectUrl: string | null): EventSubSessionJson {
    return {
      id: this.id,
      status: this.reconnecting ? 'reconnecting' : 'connected',
      connected_at: this.connected,
      keepalive_timeout_seconds: keepaliveSeconds,
      reconnect_url: reconnectUrl,
      recovery_url: null,
    };
  }
}
