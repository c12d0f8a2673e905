import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { Clock, SystemClock } from '../common/clock';
import { AUDIENCE_MESSAGE, AUDIENCE_RAID } from './audience-log';
import { chatLine } from './chat-lines';
import { ChatMessageIds } from './chat-message-ids';
import { ConcurrentChannels } from './concurrent-channels';
import { CHANNEL_RAID, CHAT_MESSAGE, CHAT_NOTIFICATION, routeKey } from './eventsub-conditions';
import { EventSubConduits } from './eventsub-conduits';
import { chatMessageEvent, raidEvent, raidNoticeEvent } from './eventsub-events';
import { notificationMessage, revocationMessage } from './eventsub-messages';
import { EVENTSUB_CLOSE, EventSubSession, EventSubTransport } from './eventsub-session';
import { EventSubSubscription, EventSubSubscriptions } from './eventsub-subscriptions';
import { UserDirectory } from './simulated-users';
import { SimulatorWorld } from './simulator-world';
import { WorldAudience } from './world-audience';

/** Where @twurple's EventSubWsListener connects when pointed at the mock API port. */
export const EVENTSUB_PATH = '/ws';
/** Twitch's default and bounds of `keepalive_timeout_seconds`. */
export const DEFAULT_KEEPALIVE_SECONDS = 10;
export const MIN_KEEPALIVE_SECONDS = 10;
export const MAX_KEEPALIVE_SECONDS = 600;
/** The statuses Twitch revokes subscriptions with. */
export const REVOCATION_STATUSES: ReadonlySet<string> = new Set([
  'authorization_revoked',
  'user_removed',
  'moderator_removed',
  'chat_user_banned',
  'version_removed',
]);

export interface EventSubServerOptions {
  /** A connection without a subscription this long after its welcome is closed with 4003 (Twitch: 10 s). */
  unusedConnectionMs: number;
  /** After a `session_reconnect`, how long the old connection may stay open (Twitch: 30 s), then 4004. */
  reconnectGraceMs: number;
}

export interface EventSubDependencies {
  world: SimulatorWorld;
  audience: WorldAudience;
  users: UserDirectory;
  /** Shared with IRC chat: Twitch's concurrent join limit counts both. */
  concurrent: ConcurrentChannels;
  /** Shared with IRC chat: a message has the same id on both. */
  messageIds: ChatMessageIds;
  /** Wall-clock timers (keepalive, unused connection, reconnect grace); a SystemClock by default. */
  timers?: Clock;
}

/** One WebSocket connection and the session it carries (or carried, before a reconnect moved it). */
interface Connection {
  readonly socket: WebSocket;
  readonly transport: EventSubTransport;
  readonly session: EventSubSession;
  /** The local port it came in on, for the reconnect URL. */
  readonly port: number;
}

/** Whether an upgrade is for EventSub (`/ws`, whatever the query) rather than IRC chat. */
export function isEventSubUpgrade(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0];
  return path === EVENTSUB_PATH || path === `${EVENTSUB_PATH}/`;
}

/**
 * The `keepalive_timeout_seconds` query parameter: Twitch takes the nearest acceptable value for a number
 * outside 10–600 (and rounds), and refuses what is not a number (undefined here).
 */
export function parseKeepaliveSeconds(raw: string | null): number | undefined {
  if (raw === null) return DEFAULT_KEEPALIVE_SECONDS;
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) return undefined;
  return Math.min(MAX_KEEPALIVE_SECONDS, Math.max(MIN_KEEPALIVE_SECONDS, Math.round(value)));
}

/**
 * Twitch's EventSub WebSocket transport: sessions on `/ws` (welcome, keepalive, reconnect, the closes with
 * Twitch's codes), the subscriptions created on them over Helix (EventSubSubscriptions), and their
 * notifications. Events follow the world clock exactly as chat does: each world step's audience log
 * entries (chat messages, raids) are sent synchronously to the subscriptions they concern.
 */
export class EventSubServer {
  readonly subscriptions: EventSubSubscriptions;
  readonly conduits: EventSubConduits;
  private readonly logger = new Logger(EventSubServer.name);
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly timers: Clock;
  /** Live sessions (connected or waiting at their reconnect URL) by id. */
  private readonly sessions = new Map<string, EventSubSession>();
  private readonly connections = new Map<WebSocket, Connection>();
  /** Reconnect token → the session waiting for its client there. */
  private readonly reconnects = new Map<string, EventSubSession>();
  private readonly graceTimers = new Set<() => void>();
  private cursor: number;
  private sent = 0;

  constructor(
    private readonly deps: EventSubDependencies,
    private readonly options: EventSubServerOptions,
  ) {
    this.timers = deps.timers ?? new SystemClock();
    const findSession = (id: string) => this.sessions.get(id);
    this.conduits = new EventSubConduits(findSession, (conduit) => this.subscriptions.deleteConduit(conduit));
    this.subscriptions = new EventSubSubscriptions({
      world: deps.world,
      audience: deps.audience,
      users: deps.users,
      concurrent: deps.concurrent,
      findSession,
      conduits: this.conduits,
    });
    this.cursor = deps.audience.log.end;
    deps.audience.onChange(() => this.consume());
  }

  get stats(): {
    sessions: number;
    reconnecting: number;
    connections: number;
    enabledSubscriptions: number;
    notificationsSent: number;
  } {
    return {
      sessions: this.sessions.size,
      reconnecting: [...this.sessions.values()].filter((session) => session.reconnecting).length,
      connections: this.connections.size,
      enabledSubscriptions: this.subscriptions.enabled,
      notificationsSent: this.sent,
    };
  }

  /** Notifications sent so far, over all sessions: a client on a manual clock can wait until it has them all. */
  get notificationsSent(): number {
    return this.sent;
  }

  /** A `keepalive_timeout_seconds` that is not a number is refused with 400 before the upgrade. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const keepaliveSeconds = parseKeepaliveSeconds(url.searchParams.get('keepalive_timeout_seconds'));
    if (keepaliveSeconds === undefined) {
      const body = 'keepalive_timeout_seconds must be a whole number of seconds from 10 to 600\n';
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
      return;
    }
    const port = request.socket.localPort ?? 0;
    this.sockets.handleUpgrade(request, socket, head, (ws) => this.accept(ws, url, keepaliveSeconds, port));
  }

  /**
   * Sends `session_reconnect` on every connected session. A client that connects to its `reconnect_url`
   * is welcomed there under the same session id, with its subscriptions; the old connection is the
   * client's to close, and is closed with 4004 if still open after the grace period. A session whose
   * client never came is ended then (`websocket_failed_to_reconnect`).
   */
  reconnectAll(): void {
    for (const connection of [...this.connections.values()]) {
      const { session, socket, port } = connection;
      if (!session.uses(connection.transport) || session.reconnecting || !this.isLive(session)) continue;
      const token = randomBytes(16).toString('base64url');
      this.reconnects.set(token, session);
      session.beginReconnect(`ws://127.0.0.1:${port}${EVENTSUB_PATH}?reconnect=${token}`);
      const cancel = this.timers.after(this.options.reconnectGraceMs, () => {
        this.graceTimers.delete(cancel);
        this.reconnects.delete(token);
        if (session.reconnecting) this.endSession(session, 'websocket_failed_to_reconnect');
        const { code, reason } = EVENTSUB_CLOSE.reconnectGraceExpired;
        if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
      });
      this.graceTimers.add(cancel);
    }
  }

  /** Drops every connection: their sessions end and their subscriptions are disabled (`websocket_disconnected`). */
  dropAll(): void {
    for (const session of [...this.sessions.values()]) this.endSession(session, 'websocket_disconnected');
    for (const socket of this.connections.keys()) socket.terminate();
  }

  /**
   * Revokes `login`'s enabled subscriptions: each gets a `revocation` message with `status` on its session,
   * and is removed.
   */
  revoke(login: string, status = 'authorization_revoked'): number {
    if (!REVOCATION_STATUSES.has(status)) {
      throw new RangeError(`status must be one of ${[...REVOCATION_STATUSES].join(', ')}`);
    }
    const revoked = this.subscriptions.revoke(login, status);
    for (const subscription of revoked) subscription.session?.send(revocationMessage(subscription));
    return revoked.length;
  }

  async close(): Promise<void> {
    for (const cancel of this.graceTimers) cancel();
    this.graceTimers.clear();
    this.dropAll();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
  }

  private accept(socket: WebSocket, url: URL, keepaliveSeconds: number, port: number): void {
    socket.on('error', (error) => this.logger.debug(`EventSub socket error: ${error.message}`));
    const transport: EventSubTransport = {
      send: (text) => socket.send(text),
      close: (code, reason) => socket.close(code, reason),
    };
    const token = url.searchParams.get('reconnect');
    let session: EventSubSession | undefined;
    if (token === null) {
      session = new EventSubSession(transport, {
        keepaliveSeconds,
        unusedMs: this.options.unusedConnectionMs,
        timers: this.timers,
        onUnused: (unused) => {
          // A session serving a conduit shard is in use without subscriptions of its own.
          if (this.conduits.holds(unused)) return;
          this.closeSession(unused, EVENTSUB_CLOSE.connectionUnused, 'websocket_connection_unused');
        },
      });
      this.sessions.set(session.id, session);
    } else {
      // A reconnect URL is good once, during its session's grace period.
      session = this.reconnects.get(token);
      this.reconnects.delete(token);
      if (!session) {
        const { code, reason } = EVENTSUB_CLOSE.invalidReconnect;
        socket.close(code, reason);
        return;
      }
    }
    const connection: Connection = { socket, transport, session, port };
    this.connections.set(socket, connection);
    socket.on('message', () => this.inbound(connection));
    socket.on('close', () => this.closed(connection));
    if (token === null) session.welcome();
    else session.moveTo(transport);
  }

  /** Twitch allows no client messages at all (pongs aside): the connection is closed with 4001. */
  private inbound({ session, transport }: Connection): void {
    const { code, reason } = EVENTSUB_CLOSE.inboundTraffic;
    if (session.uses(transport))
      this.closeSession(session, { code, reason }, 'websocket_received_inbound_traffic');
    else transport.close(code, reason);
  }

  private closed(connection: Connection): void {
    this.connections.delete(connection.socket);
    const { session, transport } = connection;
    // An old connection after a reconnect, or a session the server already ended.
    if (!session.uses(transport) || !this.isLive(session)) return;
    // The client may close the old connection before coming to the reconnect URL: the grace period decides.
    if (session.reconnecting) session.detach();
    else this.endSession(session, 'websocket_disconnected');
  }

  private isLive(session: EventSubSession): boolean {
    return this.sessions.get(session.id) === session;
  }

  /** Ends the session at once (its subscriptions disabled with `status`), then closes its connection. */
  private closeSession(
    session: EventSubSession,
    close: { code: number; reason: string },
    status: string,
  ): void {
    this.endSession(session, status);
    session.close(close.code, close.reason);
  }

  private endSession(session: EventSubSession, status: string): void {
    if (!this.isLive(session)) return;
    this.sessions.delete(session.id);
    for (const [token, waiting] of this.reconnects) if (waiting === session) this.reconnects.delete(token);
    session.stopTimers();
    this.subscriptions.disableSession(session, status);
    this.conduits.sessionEnded(session, status);
  }

  /** Reads the audience log's new entries after a world step or a raid. */
  private consume(): void {
    const { log } = this.deps.audience;
    const start = Math.max(this.cursor, log.start);
    this.cursor = log.end;
    // Nothing to send without subscriptions: a big world logs thousands of entries per step.
    if (this.subscriptions.enabled === 0) return;
    const { channels } = this.deps.world;
    for (let seq = start; seq < log.end; seq++) {
      const kind = log.kind(seq);
      if (kind === AUDIENCE_MESSAGE) {
        const channel = channels[log.channel(seq)];
        const readers = this.subscriptions.routed(routeKey(CHAT_MESSAGE, 'broadcaster', channel.id));
        if (!readers) continue;
        const chatter = this.deps.audience.identity(log.subject(seq));
        const text = chatLine(log.value(seq));
        this.notify(readers, chatMessageEvent(channel, chatter, this.deps.messageIds.of(seq), text));
      } else if (kind === AUDIENCE_RAID) {
        const target = channels[log.channel(seq)];
        const raider = channels[log.subject(seq)];
        const viewers = log.value(seq);
        const notices = this.subscriptions.routed(routeKey(CHAT_NOTIFICATION, 'broadcaster', target.id));
        if (notices)
          this.notify(notices, raidNoticeEvent(target, raider, viewers, this.deps.messageIds.of(seq)));
        const event = raidEvent(raider, target, viewers);
        for (const route of [
          routeKey(CHANNEL_RAID, 'to', target.id),
          routeKey(CHANNEL_RAID, 'from', raider.id),
        ]) {
          const raids = this.subscriptions.routed(route);
          if (raids) this.notify(raids, event);
        }
      }
    }
  }

  private notify(subscriptions: ReadonlySet<EventSubSubscription>, event: Record<string, unknown>): void {
    for (const subscription of subscriptions) {
      const session =
        subscription.session ??
        (subscription.conduit && this.conduits.sessionFor(subscription.conduit, subscription.id));
      // A conduit whose shards are all disabled loses the event, as on Twitch.
      if (!session) continue;
      session.send(notificationMessage(subscription, event));
      this.sent++;
    }
  }
}
