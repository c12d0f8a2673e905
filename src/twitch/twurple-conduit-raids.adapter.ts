import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiClient } from '@twurple/api';
import { HttpStatusCodeError } from '@twurple/api-call';
import { AppTokenAuthProvider } from '@twurple/auth';
import { Clock } from '../common/clock';
import { twitchConfig } from '../config';
import { currentTwurpleMockApiPort } from '../config/twitch.config';
import { ConduitShardSocket } from './conduit-shard-socket';
import { TwitchCalls } from './twitch-calls';
import { TwitchRaidsPort } from './twitch-raids.port';
import { asTwitchRequestError } from './twurple-errors';
import { twurpleLoggerOptions } from './twurple-logger';

const CHANNEL_RAID = 'channel.raid';
const TWITCH_EVENTSUB_URL = 'wss://eventsub.wss.twitch.tv/ws';

interface Conduit {
  id: string;
  socket: ConduitShardSocket;
  /** Enabled `channel.raid` subscriptions of the conduit: broadcaster id → subscription id. */
  subscriptions: Map<string, string>;
}

function isConflict(error: unknown): boolean {
  return error instanceof HttpStatusCodeError && error.statusCode === 409;
}

/**
 * `channel.raid` (to each followed broadcaster) through one conduit of the app, with the app token: the
 * conduit of an earlier run is taken up again with its subscriptions, one WebSocket connection serves its
 * shard, and a lost connection's new session is assigned to the shard again; the subscriptions stay with
 * Twitch meanwhile.
 */
@Injectable()
export class TwurpleConduitRaidsAdapter extends TwitchRaidsPort implements OnApplicationShutdown {
  private readonly logger = new Logger(TwurpleConduitRaidsAdapter.name);
  private conduit: Promise<Conduit> | null = null;
  /** Followed channels: login → broadcaster id. */
  private readonly followed = new Map<string, string>();
  private socket: ConduitShardSocket | null = null;
  /** The session Twitch took as the shard's transport. */
  private assignedSession: string | null = null;
  /**
   * A client of its own: @twurple queues a client's requests, and hundreds of subscriptions (or calls
   * hanging on a slow Twitch) must not hold up the top-streams refresh on the shared one.
   */
  private readonly api: ApiClient;

  constructor(
    @Inject(twitchConfig.KEY) private readonly config: ConfigType<typeof twitchConfig>,
    private readonly calls: TwitchCalls,
    private readonly clock: Clock,
  ) {
    super();
    this.api = new ApiClient({
      authProvider: new AppTokenAuthProvider(config.clientId, config.clientSecret),
      logger: twurpleLoggerOptions('TwitchRaids'),
      fetchOptions: calls.fetchOptions,
    });
  }

  /** The connection is up and its session serves the shard. */
  get connected(): boolean {
    const socket = this.socket;
    return socket !== null && socket.up && socket.sessionId === this.assignedSession;
  }

  async follow(broadcasterId: string, login: string): Promise<void> {
    const conduit = await this.ready();
    if (!conduit.subscriptions.has(broadcasterId)) {
      const created = await this.call(`the raids into ${login}`, () =>
        this.api.eventSub
          .subscribeToChannelRaidEventsTo(broadcasterId, { method: 'conduit', conduit_id: conduit.id })
          .then(
            (subscription) => subscription.id,
            // Created by a call that timed out, or by a run whose list we read before: find it.
            async (error: unknown) => {
              if (!isConflict(error)) throw error;
              await this.readSubscriptions(conduit);
              return conduit.subscriptions.get(broadcasterId) ?? '';
            },
          ),
      );
      conduit.subscriptions.set(broadcasterId, created);
    }
    this.followed.set(login, broadcasterId);
  }

  async unfollow(login: string): Promise<void> {
    const broadcasterId = this.followed.get(login);
    if (broadcasterId === undefined || !this.conduit) return;
    this.followed.delete(login);
    const conduit = await this.conduit;
    const id = conduit.subscriptions.get(broadcasterId);
    if (!id) return;
    conduit.subscriptions.delete(broadcasterId);
    await this.call(`the end of the raids into ${login}`, () => this.api.eventSub.deleteSubscription(id));
  }

  async close(): Promise<void> {
    this.socket?.stop();
    this.socket = null;
    this.conduit = null;
    this.followed.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** The conduit, its subscriptions and its shard's connection, set up on first need. */
  private ready(): Promise<Conduit> {
    this.conduit ??= this.setUp().catch((error: unknown) => {
      this.conduit = null;
      throw error;
    });
    return this.conduit;
  }

  private async setUp(): Promise<Conduit> {
    const conduits = await this.call('the EventSub conduits', () => this.api.eventSub.getConduits());
    const id =
      conduits[0]?.id ??
      (await this.call('a new EventSub conduit', () => this.api.eventSub.createConduit(1))).id;
    const conduit: Conduit = { id, socket: this.openSocket(id), subscriptions: new Map() };
    await this.readSubscriptions(conduit);
    this.logger.log(
      `Following raids through EventSub conduit ${id} (${conduit.subscriptions.size} channels kept from before)`,
    );
    return conduit;
  }

  private openSocket(conduitId: string): ConduitShardSocket {
    const mockPort = currentTwurpleMockApiPort();
    const url = mockPort ? `ws://127.0.0.1:${mockPort}/ws` : TWITCH_EVENTSUB_URL;
    const socket = new ConduitShardSocket(url, {
      onSession: (sessionId) => void this.assignShard(conduitId, sessionId),
      onNotification: (type, event) => {
        if (type === CHANNEL_RAID) this.raided(event);
      },
      onRevocation: (subscriptionId, status) => {
        this.logger.warn(`Twitch revoked the raid subscription ${subscriptionId} (${status})`);
        void this.conduit?.then(({ subscriptions }) => {
          for (const [broadcasterId, id] of subscriptions) {
            if (id === subscriptionId) subscriptions.delete(broadcasterId);
          }
        });
      },
    });
    this.socket?.stop();
    this.socket = socket;
    socket.start();
    return socket;
  }

  private async assignShard(conduitId: string, sessionId: string): Promise<void> {
    try {
      const shards = await this.call('the EventSub conduit shard', () =>
        this.api.eventSub.updateConduitShards(conduitId, [
          { id: '0', transport: { method: 'websocket', session_id: sessionId } },
        ]),
      );
      if (!shards.some((shard) => shard.id === '0')) throw new Error('Twitch did not take the session');
      this.assignedSession = sessionId;
    } catch (error) {
      this.logger.warn(`Could not assign the EventSub conduit shard: ${(error as Error).message}`);
    }
  }

  /** Every enabled `channel.raid` subscription of the conduit (an earlier run's included). */
  private async readSubscriptions(conduit: Conduit): Promise<void> {
    const subscriptions = await this.call('the raid subscriptions', () =>
      this.api.eventSub.getSubscriptionsForTypePaginated(CHANNEL_RAID).getAll(),
    );
    for (const subscription of subscriptions) {
      // @twurple exposes the transport's conduit id only through its raw-data getter.
      const transport = subscription._transport as { method: string; conduit_id?: string };
      const to = subscription.condition.to_broadcaster_user_id;
      if (subscription.status !== 'enabled' || transport.conduit_id !== conduit.id) continue;
      if (typeof to === 'string' && to) conduit.subscriptions.set(to, subscription.id);
    }
  }

  private raided(event: Record<string, unknown>): void {
    const fromLogin = event.from_broadcaster_user_login;
    const toLogin = event.to_broadcaster_user_login;
    if (typeof fromLogin !== 'string' || typeof toLogin !== 'string') return;
    this.emit({ fromLogin, toLogin, viewers: Number(event.viewers) || 0, at: this.clock.now() });
  }

  private call<T>(what: string, work: () => Promise<T>): Promise<T> {
    return this.calls.run(what, work, this.config.timeoutMs).catch((error: unknown) => {
      throw asTwitchRequestError(error);
    });
  }
}
