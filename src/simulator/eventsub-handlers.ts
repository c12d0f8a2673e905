import { HelixContext } from './helix-handlers';
import { buildPage, isReply, parsePageWindow } from './helix-pagination';
import { helixError, HttpReply, HttpRouter, json } from './http-router';
import { subscriptionHelixJson } from './eventsub-messages';
import {
  CreateRequest,
  EventSubSubscriptions,
  maxTotalCostFor,
  SubscriptionFilter,
} from './eventsub-subscriptions';

/**
 * Served at both: Helix's usual mock path, and the root path @twurple calls when `TWURPLE_MOCK_API_PORT` is
 * set (the Twitch CLI serves its EventSub WebSocket subscriptions there).
 */
export const EVENTSUB_SUBSCRIPTIONS_PATHS = [
  '/mock/eventsub/subscriptions',
  '/eventsub/subscriptions',
] as const;
const PAGE_LIMITS = { defaultFirst: 100, maxFirst: 100 };

type Body = Record<string, unknown>;

export function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Create, Get and Delete EventSub Subscription, for the WebSocket and conduit transports (behind the HelixGateway). */
export function registerEventSubRoutes(
  router: HttpRouter<HelixContext>,
  subscriptions: EventSubSubscriptions,
): void {
  for (const path of EVENTSUB_SUBSCRIPTIONS_PATHS) {
    router.add('POST', path, (context) => createSubscription(context, subscriptions));
    router.add('GET', path, (context) => getSubscriptions(context, subscriptions));
    router.add('DELETE', path, (context) => deleteSubscription(context, subscriptions));
  }
}

async function createSubscription(
  context: HelixContext,
  subscriptions: EventSubSubscriptions,
): Promise<HttpReply> {
  let body: unknown;
  try {
    body = JSON.parse(await context.body());
  } catch {
    return helixError(400, 'The request body must be a JSON object');
  }
  if (!isObject(body)) return helixError(400, 'The request body must be a JSON object');
  const { type, version, condition, transport } = body;
  if (typeof type !== 'string' || !type) return helixError(400, 'The type field is required');
  if (typeof version !== 'string' || !version) return helixError(400, 'The version field is required');
  if (!isObject(condition)) return helixError(400, 'The condition field is required');
  if (!isObject(transport)) return helixError(400, 'The transport field is required');
  if (transport.method === 'webhook') {
    return helixError(400, 'The webhook transport is not simulated: use websocket or conduit');
  }
  if (transport.method !== 'websocket' && transport.method !== 'conduit') {
    return helixError(400, 'The value specified in the method field is not valid');
  }
  // Twitch's answer to a token of the wrong kind: WebSocket takes user tokens, conduits app tokens (its
  // reference lists a 401; it answers 400).
  const isUserToken = context.token.userId !== undefined;
  if (isUserToken !== (transport.method === 'websocket')) {
    return helixError(400, 'invalid transport and auth combination');
  }
  let target: CreateRequest['transport'];
  if (transport.method === 'conduit') {
    const conduitId = transport.conduit_id;
    if (typeof conduitId !== 'string' || !conduitId) {
      return helixError(400, 'The conduit_id field is required if you specify the conduit transport method');
    }
    target = { conduitId };
  } else {
    const sessionId = transport.session_id;
    if (typeof sessionId !== 'string' || !sessionId) {
      return helixError(
        400,
        'The session_id field is required if you specify the WebSocket transport method',
      );
    }
    target = { sessionId };
  }
  const outcome = subscriptions.create(context.token, { type, version, condition, transport: target });
  if ('status' in outcome) return helixError(outcome.status, outcome.message);
  const { total, totalCost } = subscriptions.totals(context.token);
  return json(202, {
    data: [subscriptionHelixJson(outcome.subscription)],
    total,
    total_cost: totalCost,
    max_total_cost: maxTotalCostFor(context.token),
  });
}

function getSubscriptions({ query, token }: HelixContext, subscriptions: EventSubSubscriptions): HttpReply {
  const filter: SubscriptionFilter = {
    status: query.get('status') || undefined,
    type: query.get('type') || undefined,
    userId: query.get('user_id') || undefined,
    subscriptionId: query.get('subscription_id') || undefined,
  };
  if (Object.values(filter).filter((value) => value !== undefined).length > 1) {
    return helixError(400, 'The status, type, user_id and subscription_id filters are mutually exclusive');
  }
  const window = parsePageWindow(query, undefined, PAGE_LIMITS);
  if (isReply(window)) return window;
  const listed = subscriptions.list(token, filter);
  const page = buildPage(window, listed.length, (start, end) =>
    listed.slice(start, end).map(subscriptionHelixJson),
  );
  const { total, totalCost } = subscriptions.totals(token);
  return json(200, {
    data: page.data,
    total,
    total_cost: totalCost,
    max_total_cost: maxTotalCostFor(token),
    pagination: page.pagination,
  });
}

function deleteSubscription({ query, token }: HelixContext, subscriptions: EventSubSubscriptions): HttpReply {
  const id = query.get('id');
  if (!id) return helixError(400, 'Missing required parameter "id"');
  if (!subscriptions.delete(token, id)) return helixError(404, 'subscription not found');
  return { status: 204 };
}
