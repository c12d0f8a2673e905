import { Logger } from '@nestjs/common';
import { WebSocket } from 'ws';

/** Silence (keepalives included) after which the connection is taken as lost: Twitch's timeout and a margin. */
const KEEPALIVE_SECONDS = 30;
const SILENCE_LIMIT_MS = KEEPALIVE_SECONDS * 1500;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export interface ShardSocketHandlers {
  /** A new session (not one moved by `session_reconnect`): the shard must be given its id. */
  onSession(sessionId: string): void;
  onNotification(subscriptionType: string, event: Record<string, unknown>): void;
  onRevocation(subscriptionId: string, status: string): void;
}

interface Message {
  metadata?: { message_type?: string; subscription_type?: string };
  payload?: {
    session?: { id?: string; reconnect_url?: string | null };
    subscription?: { id?: string; status?: string };
    event?: Record<string, unknown>;
  };
}

/** Closes a connection whose events no longer matter. */
function discard(socket: WebSocket | null): void {
  if (!socket) return;
  socket.removeAllListeners();
  socket.on('error', () => undefined);
  socket.terminate();
}

/**
 * One EventSub WebSocket connection serving a conduit shard: welcome, keepalive, `session_reconnect` (the
 * session moves to the new connection under the same id, so the shard needs no update) and reconnection
 * with backoff when the connection is lost, after which the new session must be assigned again. A reconnect
 * URL is used once: when it fails, the next attempt starts a new session, since Twitch answers a used one
 * with 4007 forever.
 */
export class ConduitShardSocket {
  private readonly logger = new Logger(ConduitShardSocket.name);
  private socket: WebSocket | null = null;
  /** The connection to a reconnect URL, until it is welcomed. */
  private pending: WebSocket | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = FIRST_RETRY_MS;
  private stopped = false;
  private live = false;
  private session: string | null = null;

  constructor(
    private readonly url: string,
    private readonly handlers: ShardSocketHandlers,
  ) {}

  /** Welcomed on the connection in use, and not lost since. */
  get up(): boolean {
    return this.live && this.socket?.readyState === WebSocket.OPEN;
  }

  /** The session of the connection in use (null until welcomed). */
  get sessionId(): string | null {
    return this.live ? this.session : null;
  }

  start(): void {
    this.stopped = false;
    this.open(`${this.url}?keepalive_timeout_seconds=${KEEPALIVE_SECONDS}`, false);
  }

  stop(): void {
    this.stopped = true;
    this.drop();
  }

  /**
   * Opens a connection. For a reconnect URL the current one stays in use until the new one is welcomed
   * (notifications still arrive on the old one meanwhile).
   */
  private open(url: string, reconnecting: boolean): void {
    const socket = new WebSocket(url);
    if (reconnecting) {
      discard(this.pending);
      this.pending = socket;
    } else this.socket = socket;
    socket.on('message', (data) => this.receive(socket, String(data), reconnecting));
    socket.on('error', (error) => this.logger.debug(`EventSub conduit socket error: ${error.message}`));
    socket.on('close', (code) => this.closed(socket, code, reconnecting));
  }

  private receive(socket: WebSocket, text: string, reconnecting: boolean): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    const { metadata, payload } = message;
    if (socket === this.socket) this.armSilenceTimer();
    switch (metadata?.message_type) {
      case 'session_welcome':
        this.welcomed(socket, payload?.session?.id, reconnecting);
        break;
      case 'session_reconnect':
        if (socket === this.socket && payload?.session?.reconnect_url) {
          this.open(payload.session.reconnect_url, true);
        }
        break;
      case 'notification':
        if (metadata.subscription_type && payload?.event) {
          this.handlers.onNotification(metadata.subscription_type, payload.event);
        }
        break;
      case 'revocation':
        if (payload?.subscription?.id) {
          this.handlers.onRevocation(payload.subscription.id, payload.subscription.status ?? 'revoked');
        }
        break;
    }
  }

  private welcomed(socket: WebSocket, sessionId: string | undefined, reconnecting: boolean): void {
    if (!sessionId) return;
    this.retryMs = FIRST_RETRY_MS;
    if (reconnecting) {
      if (socket !== this.pending) return;
      discard(this.socket);
      this.socket = socket;
      this.pending = null;
      this.armSilenceTimer();
    }
    this.session = sessionId;
    this.live = true;
    if (!reconnecting) this.handlers.onSession(sessionId);
  }

  private closed(socket: WebSocket, code: number, reconnecting: boolean): void {
    if (this.stopped) return;
    // A reconnect URL that failed before its welcome: the old connection goes on until it is lost.
    if (reconnecting && socket === this.pending) {
      this.pending = null;
      this.logger.warn(`EventSub conduit reconnect failed (close ${code}); keeping the old connection`);
      return;
    }
    if (socket === this.socket) this.lost(`closed with ${code}`);
  }

  /** Closes both connections and stops the timers. */
  private drop(): void {
    this.clearTimers();
    this.live = false;
    discard(this.socket);
    discard(this.pending);
    this.socket = null;
    this.pending = null;
  }

  private lost(reason: string): void {
    this.drop();
    const delay = this.retryMs;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    this.logger.warn(`EventSub conduit connection lost (${reason}); reconnecting in ${delay / 1000} s`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.start();
    }, delay);
    this.retryTimer.unref();
  }

  private armSilenceTimer(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.lost('no keepalive'), SILENCE_LIMIT_MS);
    this.silenceTimer.unref();
  }

  private clearTimers(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.silenceTimer = null;
    this.retryTimer = null;
  }
}
