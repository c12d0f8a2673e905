import { WebSocket } from 'ws';
import type { EventSubMessage } from '../../src/simulator/eventsub-messages';
import { EventWaiters } from './event-waiters';

export interface SessionJson {
  id: string;
  status: string;
  connected_at: string;
  keepalive_timeout_seconds: number | null;
  reconnect_url: string | null;
  recovery_url: null;
}

export interface SubscriptionJson {
  id: string;
  status: string;
  type: string;
  version: string;
  condition: Record<string, string>;
  created_at: string;
  transport: {
    method: string;
    session_id?: string;
    conduit_id?: string;
    connected_at?: string;
    disconnected_at?: string;
  };
  cost: number;
}

export interface WireMessage {
  metadata: EventSubMessage['metadata'];
  payload: { session?: SessionJson; subscription?: SubscriptionJson; event?: Record<string, unknown> };
}

/** A bare EventSub WebSocket client that keeps every message and the close it got. */
export class EventSubClient {
  readonly messages: WireMessage[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly waiters = new EventWaiters();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as WireMessage);
      this.waiters.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.waiters.wake();
    });
  }

  static async open(url: string): Promise<EventSubClient> {
    const socket = new WebSocket(url);
    const client = new EventSubClient(socket);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return client;
  }

  of(type: string): WireMessage[] {
    return this.messages.filter((message) => message.metadata.message_type === type);
  }

  waitFor<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
    const describe = () =>
      `a message; got ${JSON.stringify(this.messages.slice(-5))}, close ${this.closed?.code}`;
    return this.waiters.until(probe, timeoutMs, describe);
  }

  /** The session of the latest welcome, once it has arrived. */
  async welcome(): Promise<SessionJson> {
    const welcome = await this.waitFor(() => this.of('session_welcome').at(-1));
    return welcome.payload.session as SessionJson;
  }

  notifications(): WireMessage[] {
    return this.of('notification');
  }

  waitClosed(): Promise<{ code: number; reason: string }> {
    return this.waitFor(() => this.closed);
  }

  send(text: string): void {
    this.socket.send(text);
  }

  close(): void {
    this.socket.close();
  }
}
