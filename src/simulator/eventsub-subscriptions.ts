import { randomUUID } from 'node:crypto';
import { IssuedToken } from './auth-tokens';
import { ConcurrentChannels } from './concurrent-channels';
import { CHAT_MESSAGE, costOf, findTypeSpec } from './eventsub-conditions';
import { EventSubConduit, EventSubConduits } from './eventsub-conduits';
import { EventSubOwner, EventSubSession } from './eventsub-session';
import { UserDirectory } from './simulated-users';
import { SimulatorWorld } from './simulator-world';
import { WorldAudience } from './world-audience';

/** Twitch's WebSocket limits: enabled subscriptions per connection, connections per user and client, cost. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 300;
export const MAX_CONNECTIONS_PER_USER = 3;
export const MAX_TOTAL_COST = 10;
/** An app token's limit (conduit subscriptions). */
export const APP_MAX_TOTAL_COST = 10_000;
/**
 * Disabled subscriptions stay listed this long (wall clock), then are forgotten: Twitch lists them for a
 * while, and a long-running embedded simulator must not keep every dropped connection's forever.
 */
const DISABLED_RETENTION_MS = 60 * 60_000;

export const ENABLED = 'enabled';

export interface EventSubSubscription {
  readonly id: string;
  readonly type: string;
  readonly version: string;
  readonly condition: Readonly<Record<string, string>>;
  readonly cost: number;
  /** Wall clock, like every EventSub timestamp. */
  readonly createdAt: string;
  /** A user and client for the WebSocket transport; the client alone (an app token) for a conduit. */
  readonly owner: EventSubOwner;
  /** WebSocket transport: the session it was created on; it keeps the id after its connection is gone. */
  readonly session?: EventSubSession;
  /** Conduit transport: the conduit whose shards its events go to. */
  readonly conduit?: EventSubConduit;
  readonly routes: readonly string[];
  /** For `channel.chat.message`: the channel the reader is in (concurrent join limit, room observed). */
  readonly room?: { readonly login: string; readonly index: number | undefined };
  /** `enabled`, or why it was disabled (`websocket_disconnected`, …). */
  status: string;
  disconnectedAt?: string;
  disabledAtMs?: number;
}

export interface CreateRequest {
  type: string;
  version: string;
  condition: Record<string, unknown>;
  /** The WebSocket transport's session (user tokens), or the conduit transport's conduit (app tokens). */
  transport: { sessionId: string } | { conduitId: string };
}

/** A created subscription, or Helix's status and message for the refusal. */
export type CreateOutcome = { subscription: EventSubSubscription } | { status: number; message: string };

/** Get EventSub Subscriptions' filters (Twitch allows one at a time). */
export interface SubscriptionFilter {
  status?: string;
  type?: string;
  userId?: string;
  subscriptionId?: string;
}

export interface EventSubSubscriptionsDependencies {
  world: SimulatorWorld;
  audience: WorldAudience;
  users: UserDirectory;
  /** Shared with IRC chat: a `channel.chat.message` subscription puts its reader in the channel. */
  concurrent: ConcurrentChannels;
  /** A connected (or reconnecting) session by id. */
  findSession(id: string): EventSubSession | undefined;
  /** The client's conduits, and the sessions serving their shards. */
  conduits: EventSubConduits;
}

function refusal(status: number, message: string): CreateOutcome {
  return { status, message };
}

/** WebSocket subscriptions (user tokens) may cost 10 in all, conduit ones (app tokens) 10,000. */
export function maxTotalCostFor(token: IssuedToken): number {
  return token.userId ? MAX_TOTAL_COST : APP_MAX_TOTAL_COST;
}

function ownerKey(owner: { clientId: string; userId?: string }): string {
  return `${owner.clientId}\n${owner.userId ?? ''}`;
}

function conditionKey(type: string, version: string, condition: Readonly<Record<string, string>>): string {
  return `${type}\n${version}\n${JSON.stringify(condition)}`;
}

/**
 * Every WebSocket and conduit subscription and Twitch's rules for creating one: the checks in order (type
 * and condition 400, session or conduit 400, its owner 403, authorization 403, duplicate 409, the limits
 * 429), the cost,
 * and what an enabled subscription holds (its routes, its place in the concurrent join limit, its
 * observed room) until it is deleted, disabled or revoked.
 */
export class EventSubSubscriptions {
  private readonly byId = new Map<string, EventSubSubscription>();
  /** owner → subscriptions in creation order, enabled and disabled. */
  private readonly byOwner = new Map<string, EventSubSubscription[]>();
  private readonly byRoute = new Map<string, Set<EventSubSubscription>>();
  /** channel index → enabled `channel.chat.message` subscriptions reading it. */
  private readonly readers = new Map<number, number>();
  private enabledCount = 0;

  constructor(private readonly deps: EventSubSubscriptionsDependencies) {}

  get enabled(): number {
    return this.enabledCount;
  }

  /** The enabled subscriptions that events routed under `key` go to. */
  routed(key: string): ReadonlySet<EventSubSubscription> | undefined {
    return this.byRoute.get(key);
  }

  /**
   * A user token subscribes on a WebSocket session, an app token through a conduit (the Helix handler
   * refuses the other combinations).
   */
  create(token: IssuedToken, request: CreateRequest): CreateOutcome {
    const { users, concurrent, world } = this.deps;
    const spec = findTypeSpec(request.type, request.version);
    if (!spec) return refusal(400, 'The combination of values in the type and version fields is not valid');
    const parsed = spec.parse(request.condition);
    if ('error' in parsed) return refusal(400, parsed.error);
    if (parsed.userIds.some((id) => !users.findById(id))) {
      return refusal(400, 'The user specified in the condition object does not exist');
    }
    const owner: EventSubOwner = token.userId
      ? { clientId: token.clientId, userId: token.userId, login: token.login }
      : { clientId: token.clientId };
    let session: EventSubSession | undefined;
    let conduit: EventSubConduit | undefined;
    if ('conduitId' in request.transport) {
      conduit = this.deps.conduits.find(token.clientId, request.transport.conduitId);
      if (!conduit) return refusal(400, 'conduit not found');
    } else {
      session = this.deps.findSession(request.transport.sessionId);
      if (!session) {
        return refusal(400, 'websocket transport session does not exist or has already disconnected');
      }
      if (this.deps.conduits.holds(session)) {
        return refusal(400, 'The WebSocket session serves a conduit shard: subscribe through the conduit');
      }
      if (session.owner && ownerKey(session.owner) !== ownerKey(owner)) {
        return refusal(403, 'The WebSocket session belongs to another user or client: subscribe on your own');
      }
    }
    const denied = spec.refuse(parsed.condition, token);
    if (denied) return refusal(403, denied);

    const mine = this.ownedBy(owner).filter((subscription) => subscription.status === ENABLED);
    const key = conditionKey(request.type, request.version, parsed.condition);
    const keyOf = ({ type, version, condition }: EventSubSubscription) =>
      conditionKey(type, version, condition);
    if (mine.some((subscription) => keyOf(subscription) === key)) {
      return refusal(409, 'subscription already exists');
    }
    if (session && session.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      return refusal(
        429,
        `The WebSocket connection already has ${MAX_SUBSCRIPTIONS_PER_CONNECTION} enabled subscriptions, the most one may have`,
      );
    }
    const connections = new Set(mine.map((subscription) => subscription.session));
    if (session && !connections.has(session) && connections.size >= MAX_CONNECTIONS_PER_USER) {
      return refusal(429, 'number of websocket transports limit exceeded');
    }
    const cost = costOf(parsed, token);
    const totalCost = mine.reduce((sum, subscription) => sum + subscription.cost, 0);
    const maxTotalCost = maxTotalCostFor(token);
    if (totalCost + cost > maxTotalCost) {
      return refusal(429, `The subscription would take the total cost over its maximum of ${maxTotalCost}`);
    }

    // Whatever the world did until now was before the subscription: its events are not for it.
    world.sync();
    let room: EventSubSubscription['room'];
    if (request.type === CHAT_MESSAGE) {
      const broadcaster = users.findById(parsed.condition.broadcaster_user_id);
      const login = broadcaster?.login as string;
      room = { login, index: world.findChannelByLogin(login)?.index };
    }
    const subscription: EventSubSubscription = {
      id: randomUUID(),
      type: request.type,
      version: request.version,
      condition: parsed.condition,
      cost,
      createdAt: new Date().toISOString(),
      owner,
      session,
      conduit,
      routes: parsed.routes,
      room,
      status: ENABLED,
    };
    if (room && !concurrent.enter(owner.login as string, room.login, subscription)) {
      return refusal(
        429,
        "The user is in too many channels at once (Twitch's concurrent join limit, IRC and EventSub chat together)",
      );
    }
    this.register(subscription);
    return { subscription };
  }

  /** The token's user's subscriptions through the token's client (an app token: its conduits'), oldest first. */
  list(token: IssuedToken, filter: SubscriptionFilter = {}): EventSubSubscription[] {
    return this.ownedBy(token).filter(
      (subscription) =>
        (filter.status === undefined || subscription.status === filter.status) &&
        (filter.type === undefined || subscription.type === filter.type) &&
        (filter.subscriptionId === undefined || subscription.id === filter.subscriptionId) &&
        (filter.userId === undefined || Object.values(subscription.condition).includes(filter.userId)),
    );
  }

  /** Helix's `total` and `total_cost` for the token's user and client. */
  totals(token: IssuedToken): { total: number; totalCost: number } {
    const all = this.ownedBy(token);
    const totalCost = all
      .filter((subscription) => subscription.status === ENABLED)
      .reduce((sum, subscription) => sum + subscription.cost, 0);
    return { total: all.length, totalCost };
  }

  /** Deletes one of the token's user's subscriptions; false when there is none with that id. */
  delete(token: IssuedToken, id: string): boolean {
    const subscription = this.byId.get(id);
    if (!subscription || ownerKey(subscription.owner) !== ownerKey(token)) return false;
    if (subscription.status === ENABLED) this.release(subscription);
    this.forget(subscription);
    return true;
  }

  /** The session ended: its subscriptions stop (listed with `status`) and no longer count against limits. */
  disableSession(session: EventSubSession, status: string): void {
    const now = new Date();
    for (const subscription of [...session.subscriptions]) {
      this.release(subscription);
      subscription.status = status;
      subscription.disconnectedAt = now.toISOString();
      subscription.disabledAtMs = now.getTime();
    }
  }

  /** The conduit was deleted: its subscriptions go with it. */
  deleteConduit(conduit: EventSubConduit): void {
    for (const subscription of [...this.byId.values()]) {
      if (subscription.conduit !== conduit) continue;
      if (subscription.status === ENABLED) this.release(subscription);
      this.forget(subscription);
    }
  }

  /** Removes `login`'s enabled subscriptions (every client), marked `status`; the caller tells the clients. */
  revoke(login: string, status: string): EventSubSubscription[] {
    const revoked = [...this.byId.values()].filter(
      (subscription) => subscription.status === ENABLED && subscription.owner.login === login.toLowerCase(),
    );
    for (const subscription of revoked) {
      this.release(subscription);
      subscription.status = status;
      this.forget(subscription);
    }
    return revoked;
  }

  private register(subscription: EventSubSubscription): void {
    this.byId.set(subscription.id, subscription);
    const key = ownerKey(subscription.owner);
    let owned = this.byOwner.get(key);
    if (!owned) this.byOwner.set(key, (owned = []));
    owned.push(subscription);
    for (const route of subscription.routes) {
      let routed = this.byRoute.get(route);
      if (!routed) this.byRoute.set(route, (routed = new Set()));
      routed.add(subscription);
    }
    const { session, room } = subscription;
    if (session) {
      session.subscriptions.add(subscription);
      session.owner ??= subscription.owner;
    }
    if (room?.index !== undefined) {
      const readers = this.readers.get(room.index) ?? 0;
      this.readers.set(room.index, readers + 1);
      // Chat messages are generated only for observed rooms, as for IRC's joined ones.
      if (readers === 0) this.deps.audience.observe(room.index, 1);
    }
    this.enabledCount++;
  }

  /** What an enabled subscription holds: its routes, its session, its channel and observed room. */
  private release(subscription: EventSubSubscription): void {
    for (const route of subscription.routes) {
      const routed = this.byRoute.get(route);
      routed?.delete(subscription);
      if (routed?.size === 0) this.byRoute.delete(route);
    }
    subscription.session?.subscriptions.delete(subscription);
    const { room, owner } = subscription;
    if (room) {
      this.deps.concurrent.leave(owner.login as string, room.login, subscription);
      if (room.index !== undefined) {
        const readers = (this.readers.get(room.index) ?? 0) - 1;
        if (readers > 0) this.readers.set(room.index, readers);
        else {
          this.readers.delete(room.index);
          this.deps.audience.observe(room.index, -1);
        }
      }
    }
    this.enabledCount--;
  }

  private forget(subscription: EventSubSubscription): void {
    this.byId.delete(subscription.id);
    const key = ownerKey(subscription.owner);
    const owned = this.byOwner.get(key)?.filter((other) => other !== subscription) ?? [];
    if (owned.length > 0) this.byOwner.set(key, owned);
    else this.byOwner.delete(key);
  }

  /** The owner's subscriptions, disabled ones past their retention forgotten first. */
  private ownedBy(owner: { clientId: string; userId?: string }): EventSubSubscription[] {
    const key = ownerKey(owner);
    const owned = this.byOwner.get(key) ?? [];
    const oldest = Date.now() - DISABLED_RETENTION_MS;
    const expired = owned.filter((subscription) => (subscription.disabledAtMs ?? Infinity) < oldest);
    for (const subscription of expired) this.forget(subscription);
    return expired.length > 0 ? (this.byOwner.get(key) ?? []) : owned;
  }
}
