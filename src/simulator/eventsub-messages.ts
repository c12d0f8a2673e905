import { randomUUID } from 'node:crypto';
import type { EventSubSubscription } from './eventsub-subscriptions';

/** The session as the welcome and reconnect messages describe it. */
export interface EventSubSessionJson {
  id: string;
  status: 'connected' | 'reconnecting';
  connected_at: string;
  keepalive_timeout_seconds: number | null;
  reconnect_url: string | null;
  recovery_url: null;
}

/** One message of the EventSub WebSocket server. */
export interface EventSubMessage {
  metadata: {
    message_id: string;
    message_type: string;
    message_timestamp: string;
    subscription_type?: string;
    subscription_version?: string;
  };
  payload: Record<string, unknown>;
}

/**
 * A subscription as notification and revocation messages carry it. Timestamps of messages are wall-clock:
 * @twurple drops a notification stamped more than 10 minutes before `Date.now()`, and tests run the world
 * on a manual clock far from it.
 */
export function subscriptionMessageJson(subscription: EventSubSubscription): Record<string, unknown> {
  const { id, status, type, version, cost, condition, session, conduit, createdAt } = subscription;
  return {
    id,
    status,
    type,
    version,
    cost,
    condition,
    transport: conduit
      ? { method: 'conduit', conduit_id: conduit.id }
      : { method: 'websocket', session_id: session?.id },
    created_at: createdAt,
  };
}

/** A subscription as Helix answers it; a WebSocket transport tells when its connection came and went. */
export function subscriptionHelixJson(subscription: EventSubSubscription): Record<string, unknown> {
  const { id, status, type, version, condition, createdAt, session, conduit, cost, disconnectedAt } =
    subscription;
  let transport: Record<string, string>;
  if (conduit) transport = { method: 'conduit', conduit_id: conduit.id };
  else {
    transport = {
      method: 'websocket',
      session_id: session?.id ?? '',
      connected_at: session?.connectedAt ?? '',
    };
    if (disconnectedAt !== undefined) transport.disconnected_at = disconnectedAt;
  }
  return { id, status, type, version, condition, created_at: createdAt, transport, cost };
}

function message(
  type: string,
  payload: Record<string, unknown>,
  subscription?: EventSubSubscription,
): EventSubMessage {
  const metadata: EventSubMessage['metadata'] = {
    message_id: randomUUID(),
    message_type: type,
    message_timestamp: new Date().toISOString(),
  };
  if (subscription) {
    metadata.subscription_type = subscription.type;
    metadata.subscription_version = subscription.version;
  }
  return { metadata, payload };
}

export function welcomeMessage(session: EventSubSessionJson): EventSubMessage {
  return message('session_welcome', { session });
}

export function keepaliveMessage(): EventSubMessage {
  return message('session_keepalive', {});
}

export function reconnectMessage(session: EventSubSessionJson): EventSubMessage {
  return message('session_reconnect', { session });
}

export function notificationMessage(subscription: EventSubSubscription, event: unknown): EventSubMessage {
  return message(
    'notification',
    { subscription: subscriptionMessageJson(subscription), event },
    subscription,
  );
}

export function revocationMessage(subscription: EventSubSubscription): EventSubMessage {
  return message('revocation', { subscription: subscriptionMessageJson(subscription) }, subscription);
}
