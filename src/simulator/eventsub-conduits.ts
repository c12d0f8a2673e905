import { randomUUID } from 'node:crypto';
import type { EventSubSession } from './eventsub-session';

/** Twitch's conduit limits: enabled conduits per client, shards per conduit. */
export const MAX_CONDUITS_PER_CLIENT = 5;
export const MAX_SHARDS_PER_CONDUIT = 20_000;

export const SHARD_ENABLED = 'enabled';

/** One shard: a WebSocket session while it is `enabled`, otherwise why it is not. */
export interface ConduitShard {
  readonly id: string;
  session: EventSubSession | undefined;
  status: string;
  connectedAt?: string;
  disconnectedAt?: string;
}

/** A conduit of one client (app): its shards, ids `0` to `shard_count − 1`. */
export interface EventSubConduit {
  readonly id: string;
  readonly clientId: string;
  shards: ConduitShard[];
}

/** A Helix refusal: status and message. */
export interface ConduitRefusal {
  status: number;
  message: string;
}

/** One entry of Update Conduit Shards' `errors`. */
export interface ShardUpdateError {
  id: string;
  message: string;
  code: string;
}

/** What Update Conduit Shards asks for one shard (unchecked: the body is the client's). */
export interface ShardUpdate {
  id: unknown;
  transport: unknown;
}

function refusal(status: number, message: string): ConduitRefusal {
  return { status, message };
}

function isShardCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_SHARDS_PER_CONDUIT;
}

function newShard(id: number): ConduitShard {
  return { id: String(id), session: undefined, status: 'websocket_disconnected' };
}

/**
 * EventSub conduits (the transport for app tokens, which a WebSocket session serves as a shard of): create,
 * resize, delete, assign sessions to shards, and the shard an event goes to. A conduit's subscriptions
 * outlive its shards' connections: a shard whose session ends is disabled until a new session is assigned,
 * and events routed to it meanwhile go to another enabled shard, or nowhere.
 */
export class EventSubConduits {
  private readonly byClient = new Map<string, EventSubConduit[]>();
  private readonly shardOf = new Map<EventSubSession, ConduitShard>();

  constructor(
    /** A live session by id. */
    private readonly findSession: (id: string) => EventSubSession | undefined,
    /** The conduit was deleted: its subscriptions go with it. */
    private readonly onDeleted: (conduit: EventSubConduit) => void,
  ) {}

  list(clientId: string): readonly EventSubConduit[] {
    return this.byClient.get(clientId) ?? [];
  }

  find(clientId: string, id: string): EventSubConduit | undefined {
    return this.list(clientId).find((conduit) => conduit.id === id);
  }

  /** Whether the session serves a shard (it is in use, though it has no subscription of its own). */
  holds(session: EventSubSession): boolean {
    return this.shardOf.has(session);
  }

  create(clientId: string, shardCount: unknown): EventSubConduit | ConduitRefusal {
    if (!isShardCount(shardCount)) {
      return refusal(400, `shard_count must be a whole number from 1 to ${MAX_SHARDS_PER_CONDUIT}`);
    }
    const owned = this.list(clientId);
    if (owned.length >= MAX_CONDUITS_PER_CLIENT) {
      return refusal(429, `The client already has ${MAX_CONDUITS_PER_CLIENT} conduits, the most it may have`);
    }
    const conduit: EventSubConduit = {
      id: randomUUID(),
      clientId,
      shards: Array.from({ length: shardCount }, (_, index) => newShard(index)),
    };
    this.byClient.set(clientId, [...owned, conduit]);
    return conduit;
  }

  /** Fewer shards drop the ones above the count (their sessions are free again); more add disabled ones. */
  resize(clientId: string, id: string, shardCount: unknown): EventSubConduit | ConduitRefusal {
    if (!isShardCount(shardCount)) {
      return refusal(400, `shard_count must be a whole number from 1 to ${MAX_SHARDS_PER_CONDUIT}`);
    }
    const conduit = this.find(clientId, id);
    if (!conduit) return refusal(404, 'conduit not found');
    for (const shard of conduit.shards.slice(shardCount)) this.release(shard);
    conduit.shards = Array.from(
      { length: shardCount },
      (_, index) => conduit.shards[index] ?? newShard(index),
    );
    return conduit;
  }

  delete(clientId: string, id: string): boolean {
    const conduit = this.find(clientId, id);
    if (!conduit) return false;
    for (const shard of conduit.shards) this.release(shard);
    const rest = this.list(clientId).filter((other) => other !== conduit);
    if (rest.length > 0) this.byClient.set(clientId, rest);
    else this.byClient.delete(clientId);
    this.onDeleted(conduit);
    return true;
  }

  /**
   * Assigns WebSocket sessions to shards. Each entry succeeds or fails alone (Twitch's `errors`): the shard
   * must exist, the transport must be a live session that holds no subscription and serves no other shard.
   */
  assign(
    clientId: string,
    conduitId: string,
    updates: readonly ShardUpdate[],
  ): { shards: ConduitShard[]; errors: ShardUpdateError[] } | ConduitRefusal {
    const conduit = this.find(clientId, conduitId);
    if (!conduit) return refusal(404, 'conduit not found');
    const shards: ConduitShard[] = [];
    const errors: ShardUpdateError[] = [];
    for (const update of updates) {
      const id = String(update.id);
      const shard = conduit.shards.find((candidate) => candidate.id === id);
      const error = (message: string, code = 'invalid_parameter') => errors.push({ id, message, code });
      if (!shard) {
        error('The shard id is outside the conduit’s range');
        continue;
      }
      const transport = update.transport as Record<string, unknown> | null;
      if (transport?.method !== 'websocket') {
        error('Only the websocket transport is simulated for shards');
        continue;
      }
      const session =
        typeof transport.session_id === 'string' ? this.findSession(transport.session_id) : undefined;
      if (!session) {
        error('The websocket session does not exist or has disconnected', 'websocket_session_not_found');
        continue;
      }
      const serving = this.shardOf.get(session);
      if ((serving && serving !== shard) || session.subscriptions.size > 0) {
        error('The websocket session is already in use', 'websocket_session_in_use');
        continue;
      }
      if (shard.session !== session) this.release(shard);
      shard.session = session;
      shard.status = SHARD_ENABLED;
      shard.connectedAt = session.connectedAt;
      shard.disconnectedAt = undefined;
      this.shardOf.set(session, shard);
      shards.push(shard);
    }
    return { shards, errors };
  }

  /** The session ended: its shard is disabled with `status` (the conduit's subscriptions stay enabled). */
  sessionEnded(session: EventSubSession, status: string): void {
    const shard = this.shardOf.get(session);
    if (!shard) return;
    this.release(shard);
    shard.status = status;
    shard.disconnectedAt = new Date().toISOString();
  }

  /**
   * The session an event for `key` goes to: the shard `key` hashes to, or (Twitch retries one other) the
   * next enabled one; none when every shard is disabled.
   */
  sessionFor(conduit: EventSubConduit, key: string): EventSubSession | undefined {
    const { shards } = conduit;
    let hash = 0;
    for (let index = 0; index < key.length; index++) hash = (hash * 31 + key.charCodeAt(index)) >>> 0;
    for (let step = 0; step < shards.length; step++) {
      const shard = shards[(hash + step) % shards.length];
      if (shard.session) return shard.session;
    }
    return undefined;
  }

  private release(shard: ConduitShard): void {
    if (shard.session) this.shardOf.delete(shard.session);
    shard.session = undefined;
    shard.status = 'websocket_disconnected';
  }
}
