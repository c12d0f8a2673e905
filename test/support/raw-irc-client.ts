import { WebSocket } from 'ws';
import { parseIrcMessage } from '../../src/simulator/irc-message';
import { EventWaiters } from './event-waiters';

/** A bare IRC-over-WebSocket client for the simulator's chat: it keeps every line it receives. */
export class RawIrcClient {
  readonly lines: string[] = [];
  private readonly waiters = new EventWaiters();
  private pings = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.lines.push(...String(data).split('\r\n').filter(Boolean));
      this.waiters.wake();
    });
  }

  static async open(port: number): Promise<RawIrcClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/:80`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new RawIrcClient(socket);
  }

  send(...lines: string[]): void {
    this.socket.send(lines.join('\r\n'));
  }

  commands(command: string): string[] {
    return this.lines.filter((line) => parseIrcMessage(line)?.command === command);
  }

  /** The first line (from index `from` on) that passes `test`, checked as lines arrive. */
  waitFor(test: (line: string) => boolean, { from = 0, timeoutMs = 3000 } = {}): Promise<string> {
    const lastLines = () => `a line; got:\n${this.lines.slice(-20).join('\n')}`;
    return this.waiters.until(() => this.lines.slice(from).find(test), timeoutMs, lastLines);
  }

  /**
   * Resolves once the server has answered a PING sent now: one socket keeps its order, so by then every
   * line the server sent before reading the PING has arrived (the simulator sends synchronously as the
   * clock advances).
   */
  async settle(): Promise<void> {
    const token = `settle-${++this.pings}`;
    this.send(`PING :${token}`);
    await this.waitFor((line) => line.includes(' PONG ') && line.endsWith(`:${token}`));
  }

  /** Anonymous by default; with a token, as its user (`nick` then being that user's login). */
  async login(nick = 'justinfan12345', token?: string): Promise<void> {
    const pass = token ? [`PASS oauth:${token}`] : [];
    this.send('CAP REQ :twitch.tv/tags twitch.tv/commands twitch.tv/membership', ...pass, `NICK ${nick}`);
    await this.waitFor((line) => line.includes(' 376 '));
  }

  /** The ROOMSTATE of the channel, or the NOTICE refusing it for the concurrent join limit. */
  join(channel: string): Promise<string> {
    const from = this.lines.length;
    this.send(`JOIN #${channel}`);
    return this.waitFor(
      (line) =>
        line.includes(`ROOMSTATE #${channel}`) ||
        (line.includes('msg_concurrent_channel_limit_reached') && line.includes(`#${channel} `)),
      { from },
    );
  }

  close(): void {
    this.socket.close();
  }
}
