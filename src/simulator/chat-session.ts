import { formatIrcMessage, IrcMessage, parseIrcMessage } from './irc-message';
import { Channel } from './world-model';

export const TMI = 'tmi.twitch.tv';
const CAPABILITIES = ['twitch.tv/tags', 'twitch.tv/commands', 'twitch.tv/membership'];
const ANONYMOUS_NICK = /^justinfan\d+$/;
/** The NOTICE id of a JOIN refused by Twitch's concurrent join limit. */
export const CONCURRENT_LIMIT_NOTICE = 'msg_concurrent_channel_limit_reached';

/** What a session needs from the server around it. */
export interface ChatSessionHost {
  /** The login of a live user token, or undefined. */
  loginForToken(token: string): string | undefined;
  findChannel(login: string): Channel | undefined;
  /** Join attempts allowed per window for this login, and the window. */
  joinLimit(login: string): { limit: number; windowMs: number };
  /** False when Twitch's concurrent join limit refuses the session's user another channel. */
  join(session: ChatSession, channel: Channel): boolean;
  part(session: ChatSession, channel: Channel): void;
}

/** The transport: a WebSocket in practice, anything that takes lines in tests. */
export interface ChatTransport {
  send(text: string): void;
  close(): void;
}

/**
 * One chat connection in Twitch's IRC dialect: capability negotiation, PASS/NICK login (a user token or
 * an anonymous `justinfanNNNN`), JOIN/PART with Twitch's join rate limit, PING/PONG.
 */
export class ChatSession {
  readonly caps = new Set<string>();
  readonly channels = new Set<Channel>();
  private password: string | undefined;
  private login: string | undefined;
  private joinTimes: number[] = [];

  constructor(
    private readonly transport: ChatTransport,
    private readonly host: ChatSessionHost,
  ) {}

  /** The logged-in nick, once the welcome was sent. */
  get nick(): string | undefined {
    return this.login;
  }

  send(message: IrcMessage): void {
    // Twitch ends every line with CRLF; IRC clients buffer until they see it.
    this.transport.send(`${formatIrcMessage(message)}\r\n`);
  }

  /** From the server's side, e.g. to test reconnects. */
  close(): void {
    this.transport.close();
  }

  /** One WebSocket frame may carry several CRLF-separated lines. */
  receive(frame: string): void {
    for (const line of frame.split(/\r?\n/)) {
      const message = parseIrcMessage(line);
      if (message) this.handle(message);
    }
  }

  private handle(message: IrcMessage): void {
    const [first = ''] = message.params;
    switch (message.command) {
      case 'CAP':
        return this.negotiate(message.params);
      case 'PASS':
        this.password = first;
        return;
      case 'NICK':
        return this.logIn(first);
      case 'PING':
        return this.send({ prefix: TMI, command: 'PONG', params: [TMI, first], trailing: true });
      case 'PONG':
      case 'PRIVMSG':
        // Sending chat is not simulated: the product only reads.
        return;
      case 'JOIN':
        return this.ifLoggedIn(() => this.joinAll(first));
      case 'PART':
        return this.ifLoggedIn(() => this.partAll(first));
      default:
        return this.ifLoggedIn((nick) =>
          this.send({ prefix: TMI, command: '421', params: [nick, message.command, 'Unknown command'] }),
        );
    }
  }

  private negotiate([subcommand = '', list = '']: string[]): void {
    const target = this.login ?? '*';
    if (subcommand.toUpperCase() === 'LS') {
      this.send({
        prefix: TMI,
        command: 'CAP',
        params: [target, 'LS', CAPABILITIES.join(' ')],
        trailing: true,
      });
    } else if (subcommand.toUpperCase() === 'REQ') {
      const requested = list.split(' ').filter(Boolean);
      const known = requested.every((cap) => CAPABILITIES.includes(cap));
      if (known) for (const cap of requested) this.caps.add(cap);
      this.send({
        prefix: TMI,
        command: 'CAP',
        params: [target, known ? 'ACK' : 'NAK', list],
        trailing: true,
      });
    }
  }

  private logIn(nick: string): void {
    if (this.login) return;
    let login: string | undefined;
    if (this.password !== undefined) {
      const token = /^oauth:(.+)$/.exec(this.password)?.[1];
      login = token ? this.host.loginForToken(token) : undefined;
      if (!login) return this.refuse('Login authentication failed');
    } else if (ANONYMOUS_NICK.test(nick)) {
      login = nick;
    } else {
      return this.refuse('Improperly formatted auth');
    }
    this.login = login;
    const welcome: [string, string][] = [
      ['001', 'Welcome, GLHF!'],
      ['002', `Your host is ${TMI}`],
      ['003', 'This server is rather new'],
      ['004', '-'],
      ['375', '-'],
      ['372', 'You are in a maze of twisty passages, all alike.'],
      ['376', '>'],
    ];
    for (const [command, text] of welcome)
      this.send({ prefix: TMI, command, params: [login, text], trailing: true });
  }

  private refuse(text: string): void {
    this.send({ prefix: TMI, command: 'NOTICE', params: ['*', text], trailing: true });
    this.transport.close();
  }

  private ifLoggedIn(run: (nick: string) => void): void {
    if (this.login) run(this.login);
  }

  /**
   * Twitch allows 20 JOINs per 10 s (2000 for verified bots). Over the limit, the JOIN is refused with
   * a NOTICE tagged `msg-id=msg_ratelimit` (real Twitch drops it silently or disconnects; an explicit
   * answer is easier to test against).
   */
  private joinAll(list: string): void {
    const nick = this.login as string;
    const { limit, windowMs } = this.host.joinLimit(nick);
    for (const name of list.split(',').filter(Boolean)) {
      const login = name.replace(/^#/, '').toLowerCase();
      const now = Date.now();
      this.joinTimes = this.joinTimes.filter((time) => time > now - windowMs);
      if (this.joinTimes.length >= limit) {
        this.send({
          tags: { 'msg-id': 'msg_ratelimit' },
          prefix: TMI,
          command: 'NOTICE',
          params: [`#${login}`, 'Your JOIN was refused because you are joining channels too quickly.'],
        });
        continue;
      }
      this.joinTimes.push(now);
      const channel = this.host.findChannel(login);
      if (!channel) {
        this.send({
          tags: { 'msg-id': 'msg_channel_suspended' },
          prefix: TMI,
          command: 'NOTICE',
          params: [`#${login}`, 'This channel does not exist or has been suspended.'],
        });
      } else if (this.channels.has(channel)) {
        continue;
      } else if (this.host.join(this, channel)) {
        this.channels.add(channel);
      } else {
        this.send({
          tags: { 'msg-id': CONCURRENT_LIMIT_NOTICE },
          prefix: TMI,
          command: 'NOTICE',
          params: [`#${login}`, 'You cannot join more channels at once: leave a channel to join another.'],
        });
      }
    }
  }

  private partAll(list: string): void {
    for (const name of list.split(',').filter(Boolean)) {
      const channel = this.host.findChannel(name.replace(/^#/, ''));
      if (!channel || !this.channels.delete(channel)) continue;
      this.host.part(this, channel);
      const nick = this.login as string;
      this.send({ prefix: `${nick}!${nick}@${nick}.${TMI}`, command: 'PART', params: [`#${channel.login}`] });
    }
  }
}
