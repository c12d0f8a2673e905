import { Logger } from '@nestjs/common';
import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { AUDIENCE_JOIN, AUDIENCE_MESSAGE, AUDIENCE_PART, AUDIENCE_RAID } from './audience-log';
import { TokenStore } from './auth-tokens';
import { chatLine, raidSystemMessage } from './chat-lines';
import { ChatMessageIds } from './chat-message-ids';
import { ModeratorRegistry } from './chat-moderators';
import { ChatSession, ChatSessionHost, TMI } from './chat-session';
import type { ConcurrentChannels } from './concurrent-channels';
import { SimulatorWorld } from './simulator-world';
import { WorldAudience } from './world-audience';
import { Channel } from './world-model';

export interface ChatServerOptions {
  /** Membership JOIN/PARTs are held back this long (world time) and flushed in batches this often. */
  membershipBatchMs: number;
  /** Wall-clock period of the server's PINGs. */
  pingIntervalMs: number;
  /** Wall-clock period at which the world is synced and chat events are sent. */
  pumpIntervalMs: number;
  /** Logins whose connections may JOIN 2000 times per 10 s instead of 20. */
  verifiedBots: ReadonlySet<string>;
}

export interface ChatDependencies {
  world: SimulatorWorld;
  audience: WorldAudience;
  tokens: TokenStore;
  moderators: ModeratorRegistry;
  /** Shared with EventSub chat: Twitch's concurrent join limit counts both. */
  concurrent: ConcurrentChannels;
  /** Shared with EventSub: a message has the same id over IRC and EventSub. */
  messageIds: ChatMessageIds;
}

/** Twitch sends neither membership events nor full NAMES for rooms over this size. */
export const LARGE_ROOM = 1000;
const JOIN_WINDOW_MS = 10_000;
const JOIN_LIMIT = 20;
const VERIFIED_JOIN_LIMIT = 2000;
const NAMES_PER_LINE = 100;

interface Room {
  readonly channel: Channel;
  readonly sessions: Set<ChatSession>;
  /** Membership events not sent yet: [world time, kind, viewer]. */
  pending: [number, number, number][];
}

/**
 * Twitch chat over WebSocket: sessions (ChatSession) joined to rooms, fed from the audience log. Events
 * follow the world clock: a pump syncs the world regularly, and each world step's entries are sent
 * (messages, raids) or batched (membership) to the rooms' sessions.
 */
export class ChatServer implements ChatSessionHost {
  private readonly logger = new Logger(ChatServer.name);
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<WebSocket, ChatSession>();
  private readonly rooms = new Map<number, Room>();
  private readonly timers: NodeJS.Timeout[] = [];
  private cursor: number;
  private nextFlushAt: number;
  private presenceLines = 0;

  constructor(
    private readonly deps: ChatDependencies,
    private readonly options: ChatServerOptions,
  ) {
    this.cursor = deps.audience.log.end;
    this.nextFlushAt = deps.world.time + options.membershipBatchMs;
    deps.audience.onChange(() => this.consume());
    this.sockets.on('connection', (socket: WebSocket) => this.accept(socket));
  }

  get connections(): number {
    return this.sessions.size;
  }

  /**
   * Lines sent so far that a reader turns into one presence signal each: viewers' JOIN and PART, PRIVMSG,
   * raid USERNOTICE, end of NAMES; summed over sessions. A client on a manual clock can wait until it has
   * handled as many before moving time on, so that every line is stamped at the time it was sent.
   */
  get presenceLinesSent(): number {
    return this.presenceLines;
  }

  start(): void {
    if (this.timers.length > 0) return;
    const every = (ms: number, run: () => void) => this.timers.push(setInterval(run, ms).unref());
    every(this.options.pumpIntervalMs, () => this.deps.world.sync());
    every(this.options.pingIntervalMs, () => {
      for (const session of this.sessions.values())
        session.send({ command: 'PING', params: [TMI], trailing: true });
    });
  }

  /** Any path is accepted: twurple's `hostName` trick yields `ws://host:port/:80`. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.sockets.handleUpgrade(request, socket, head, (ws) => this.sockets.emit('connection', ws, request));
  }

  /** Closes every chat connection (clients see a dropped connection and reconnect). */
  dropAll(): void {
    for (const socket of this.sessions.keys()) socket.terminate();
  }

  async close(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.dropAll();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
  }

  loginForToken(token: string): string | undefined {
    const issued = this.deps.tokens.find(token);
    return issued?.userId ? issued.login : undefined;
  }

  findChannel(login: string): Channel | undefined {
    return this.deps.world.findChannelByLogin(login);
  }

  joinLimit(login: string): { limit: number; windowMs: number } {
    const limit = this.options.verifiedBots.has(login) ? VERIFIED_JOIN_LIMIT : JOIN_LIMIT;
    return { limit, windowMs: JOIN_WINDOW_MS };
  }

  join(session: ChatSession, channel: Channel): boolean {
    const nick = session.nick as string;
    if (!this.deps.concurrent.enter(nick, channel.login, session)) return false;
    this.deps.world.sync();
    let room = this.rooms.get(channel.index);
    if (!room) {
      room = { channel, sessions: new Set(), pending: [] };
      this.rooms.set(channel.index, room);
      this.deps.audience.observe(channel.index, 1);
    }
    room.sessions.add(session);
    const target = `#${channel.login}`;
    session.send({ prefix: `${nick}!${nick}@${nick}.${TMI}`, command: 'JOIN', params: [target] });
    if (session.caps.has('twitch.tv/membership')) this.sendNames(session, channel);
    session.send({
      tags: session.caps.has('twitch.tv/tags')
        ? {
            'emote-only': '0',
            'followers-only': '-1',
            r9k: '0',
            'room-id': channel.id,
            slow: '0',
            'subs-only': '0',
          }
        : undefined,
      prefix: TMI,
      command: 'ROOMSTATE',
      params: [target],
    });
    return true;
  }

  part(session: ChatSession, channel: Channel): void {
    this.deps.concurrent.leave(session.nick as string, channel.login, session);
    const room = this.rooms.get(channel.index);
    if (!room) return;
    room.sessions.delete(session);
    if (room.sessions.size > 0) return;
    this.rooms.delete(channel.index);
    this.deps.audience.observe(channel.index, -1);
  }

  private accept(socket: WebSocket): void {
    const session = new ChatSession({ send: (text) => socket.send(text), close: () => socket.close() }, this);
    this.sessions.set(socket, session);
    socket.on('message', (data) => session.receive(String(data)));
    socket.on('error', (error) => this.logger.debug(`chat socket error: ${error.message}`));
    socket.on('close', () => {
      this.sessions.delete(socket);
      for (const channel of session.channels) this.part(session, channel);
    });
  }

  /** The full list for small rooms; only moderators (the bots here) for rooms over LARGE_ROOM, as on Twitch. */
  private sendNames(session: ChatSession, channel: Channel): void {
    const { audience, world } = this.deps;
    const nick = session.nick as string;
    const large = audience.rooms.roomSize(channel.index) > LARGE_ROOM;
    const names = [nick];
    for (const member of audience.rooms.membersAt(channel.index, world.time)) {
      const login = audience.identity(member).login;
      if (!large || member < 0 || this.deps.moderators.moderates(login, channel.login)) names.push(login);
    }
    const prefix = `${nick}.${TMI}`;
    const target = `#${channel.login}`;
    for (let i = 0; i < names.length; i += NAMES_PER_LINE) {
      const chunk = names.slice(i, i + NAMES_PER_LINE).join(' ');
      session.send({ prefix, command: '353', params: [nick, '=', target, chunk], trailing: true });
    }
    session.send({ prefix, command: '366', params: [nick, target, 'End of /NAMES list'] });
    this.presenceLines++;
  }

  /** Reads the audience log's new entries after a world step or a raid. */
  private consume(): void {
    const { log } = this.deps.audience;
    for (let seq = Math.max(this.cursor, log.start); seq < log.end; seq++) {
      const room = this.rooms.get(log.channel(seq));
      if (!room) continue;
      const kind = log.kind(seq);
      if (kind === AUDIENCE_JOIN || kind === AUDIENCE_PART) {
        room.pending.push([log.time(seq), kind, log.subject(seq)]);
      } else if (kind === AUDIENCE_MESSAGE) {
        this.sendMessage(room, seq);
      } else if (kind === AUDIENCE_RAID) {
        this.sendRaid(room, seq);
      }
    }
    this.cursor = log.end;
    const now = this.deps.world.time;
    if (now < this.nextFlushAt) return;
    this.nextFlushAt = now + this.options.membershipBatchMs;
    for (const room of this.rooms.values()) this.flush(room, now);
  }

  /** Sends the membership events at least one batch delay old, unless the room is too large for them. */
  private flush(room: Room, now: number): void {
    const due = room.pending.filter(([time]) => time <= now - this.options.membershipBatchMs);
    if (due.length === 0) return;
    room.pending = room.pending.slice(due.length);
    if (this.deps.audience.rooms.roomSize(room.channel.index) > LARGE_ROOM) return;
    const target = `#${room.channel.login}`;
    for (const session of room.sessions) {
      if (!session.caps.has('twitch.tv/membership')) continue;
      for (const [, kind, viewer] of due) {
        const { login } = this.deps.audience.identity(viewer);
        const command = kind === AUDIENCE_JOIN ? 'JOIN' : 'PART';
        session.send({ prefix: `${login}!${login}@${login}.${TMI}`, command, params: [target] });
        this.presenceLines++;
      }
    }
  }

  private sendMessage(room: Room, seq: number): void {
    const { log } = this.deps.audience;
    const { id, login, displayName } = this.deps.audience.identity(log.subject(seq));
    const text = chatLine(log.value(seq));
    const tags = {
      'badge-info': '',
      badges: '',
      color: '',
      'display-name': displayName,
      emotes: '',
      'first-msg': '0',
      flags: '',
      id: this.deps.messageIds.of(seq),
      mod: '0',
      'room-id': room.channel.id,
      subscriber: '0',
      'tmi-sent-ts': String(log.time(seq)),
      turbo: '0',
      'user-id': id,
      'user-type': '',
    };
    const message = { prefix: `${login}!${login}@${login}.${TMI}`, command: 'PRIVMSG', trailing: true };
    for (const session of room.sessions) {
      const withTags = session.caps.has('twitch.tv/tags') ? tags : undefined;
      session.send({ ...message, tags: withTags, params: [`#${room.channel.login}`, text] });
      this.presenceLines++;
    }
  }

  private sendRaid(room: Room, seq: number): void {
    const { log } = this.deps.audience;
    const raider = this.deps.world.channels[log.subject(seq)];
    const viewers = log.value(seq);
    const tags = {
      'display-name': raider.displayName,
      id: this.deps.messageIds.of(seq),
      login: raider.login,
      'msg-id': 'raid',
      'msg-param-displayName': raider.displayName,
      'msg-param-login': raider.login,
      'msg-param-viewerCount': String(viewers),
      'room-id': room.channel.id,
      'system-msg': raidSystemMessage(raider.displayName, viewers),
      'tmi-sent-ts': String(log.time(seq)),
      'user-id': raider.id,
    };
    for (const session of room.sessions) {
      if (!session.caps.has('twitch.tv/commands')) continue;
      session.send({ tags, prefix: TMI, command: 'USERNOTICE', params: [`#${room.channel.login}`] });
      this.presenceLines++;
    }
  }
}
