import { ConduitShard, EventSubConduit, EventSubConduits } from './eventsub-conduits';
import { isObject } from './eventsub-handlers';
import { HelixContext } from './helix-handlers';
import { buildPage, isReply, parsePageWindow } from './helix-pagination';
import { helixError, HttpReply, HttpRouter, json } from './http-router';

const CONDUITS_PATH = '/mock/eventsub/conduits';
const SHARDS_PATH = '/mock/eventsub/conduits/shards';
const SHARD_PAGE_LIMITS = { defaultFirst: 100, maxFirst: 100 };

function conduitJson({ id, shards }: EventSubConduit): Record<string, unknown> {
  return { id, shard_count: shards.length };
}

function shardJson({
  id,
  status,
  session,
  connectedAt,
  disconnectedAt,
}: ConduitShard): Record<string, unknown> {
  const transport: Record<string, string> = { method: 'websocket' };
  if (session) transport.session_id = session.id;
  if (connectedAt !== undefined) transport.connected_at = connectedAt;
  if (disconnectedAt !== undefined) transport.disconnected_at = disconnectedAt;
  return { id, status, transport };
}

async function jsonBody(context: HelixContext): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = JSON.parse(await context.body());
    return isObject(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Create and Update Conduit's parameters: Twitch's reference puts them in a JSON body, @twurple sends them
 * in the query string, and Twitch takes either.
 */
async function conduitParams(context: HelixContext): Promise<{ id?: unknown; shardCount?: unknown }> {
  const raw = await context.body();
  if (raw.trim() !== '') {
    const body = await jsonBody(context);
    return body ? { id: body.id, shardCount: body.shard_count } : {};
  }
  const { query } = context;
  const shardCount = query.get('shard_count');
  return {
    id: query.get('id') ?? undefined,
    shardCount: shardCount === null || shardCount.trim() === '' ? undefined : Number(shardCount),
  };
}

/** Conduits belong to a client and take its app token; Twitch answers a user token with 401. */
function appOnly(
  handler: (context: HelixContext, clientId: string) => HttpReply | Promise<HttpReply>,
): (context: HelixContext) => HttpReply | Promise<HttpReply> {
  return (context) =>
    context.token.userId === undefined
      ? handler(context, context.token.clientId)
      : helixError(401, 'The conduit endpoints take an app access token');
}

/** Get, Create, Update and Delete Conduits; Get and Update Conduit Shards (app tokens, behind the HelixGateway). */
export function registerConduitRoutes(router: HttpRouter<HelixContext>, conduits: EventSubConduits): void {
  router.add(
    'GET',
    CONDUITS_PATH,
    appOnly((_context, clientId) => json(200, { data: conduits.list(clientId).map(conduitJson) })),
  );
  router.add(
    'POST',
    CONDUITS_PATH,
    appOnly(async (context, clientId) => {
      const { shardCount } = await conduitParams(context);
      const created = conduits.create(clientId, shardCount);
      if ('status' in created) return helixError(created.status, created.message);
      return json(200, { data: [conduitJson(created)] });
    }),
  );
  router.add(
    'PATCH',
    CONDUITS_PATH,
    appOnly(async (context, clientId) => {
      const { id, shardCount } = await conduitParams(context);
      if (typeof id !== 'string' || !id) return helixError(400, 'The id field is required');
      const updated = conduits.resize(clientId, id, shardCount);
      if ('status' in updated) return helixError(updated.status, updated.message);
      return json(200, { data: [conduitJson(updated)] });
    }),
  );
  router.add(
    'DELETE',
    CONDUITS_PATH,
    appOnly(({ query }, clientId) => {
      const id = query.get('id');
      if (!id) return helixError(400, 'Missing required parameter "id"');
      return conduits.delete(clientId, id) ? { status: 204 } : helixError(404, 'conduit not found');
    }),
  );
  router.add(
    'GET',
    SHARDS_PATH,
    appOnly(({ query }, clientId) => {
      const conduitId = query.get('conduit_id');
      if (!conduitId) return helixError(400, 'Missing required parameter "conduit_id"');
      const conduit = conduits.find(clientId, conduitId);
      if (!conduit) return helixError(404, 'conduit not found');
      const status = query.get('status');
      const listed = status ? conduit.shards.filter((shard) => shard.status === status) : conduit.shards;
      const window = parsePageWindow(query, undefined, SHARD_PAGE_LIMITS);
      if (isReply(window)) return window;
      const page = buildPage(window, listed.length, (start, end) => listed.slice(start, end).map(shardJson));
      return json(200, { data: page.data, pagination: page.pagination });
    }),
  );
  router.add(
    'PATCH',
    SHARDS_PATH,
    appOnly(async (context, clientId) => {
      const body = await jsonBody(context);
      if (!body || typeof body.conduit_id !== 'string')
        return helixError(400, 'The conduit_id field is required');
      if (!Array.isArray(body.shards) || body.shards.length === 0) {
        return helixError(400, 'The shards field must list at least one shard');
      }
      const shards = body.shards.map((shard: unknown) => (isObject(shard) ? shard : {}));
      const outcome = conduits.assign(
        clientId,
        body.conduit_id,
        shards.map(({ id, transport }) => ({ id, transport })),
      );
      if ('status' in outcome) return helixError(outcome.status, outcome.message);
      return json(202, { data: outcome.shards.map(shardJson), errors: outcome.errors });
    }),
  );
}
