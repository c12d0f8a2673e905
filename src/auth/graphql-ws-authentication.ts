import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CloseCode, type Context } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { Clock } from '../common/clock';
import { isAllowedOrigin } from '../common/http/origins';
import type { AccessTokenService } from './access-token.service';
import type { AuthenticatedRequest } from './auth-user';

const logger = new Logger('GraphqlWsAuthentication');

/** A WebSocket close reason is at most 123 bytes. */
const MAX_REASON = 120;

/** A graphql-ws connection; Nest types its `extra` as unknown, @nestjs/graphql serves it with `ws` (`Extra`). */
export type GraphqlWsContext = Context<Record<string, unknown> | undefined, unknown>;

const extraOf = (ctx: GraphqlWsContext) => ctx.extra as Extra;

/**
 * The `Authorization` value a client put in its `connection_init` payload: `Authorization` or
 * `authorization` ("Bearer <jwt>"), or a bare `token` (browsers cannot set headers on a WebSocket).
 */
export function authorizationFromConnectionParams(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const header = params?.Authorization ?? params?.authorization;
  if (typeof header === 'string' && header.trim()) return header.trim();
  const token = params?.token;
  if (typeof token === 'string' && token.trim()) {
    const bare = token.trim();
    return /^bearer\s/i.test(bare) ? bare : `Bearer ${bare}`;
  }
  return undefined;
}

function forbid(ctx: GraphqlWsContext, why: string): false {
  logger.debug(`Refused a GraphQL WebSocket connection: ${why}`);
  // Closing here rather than letting graphql-ws do it gives the client the reason; the code is the same.
  extraOf(ctx).socket.close(CloseCode.Forbidden, `Forbidden: ${why}`.slice(0, MAX_REASON));
  return false;
}

/**
 * Ends the connection when its token expires, with the same 4403: graphql-ws clients retry on it and send
 * fresh connection params (Apollo's GraphQLWsLink re-reads a `connectionParams` function), so a client that
 * renews its token resumes its subscriptions. On the clock that verified the token.
 */
function closeAtExpiry(ctx: GraphqlWsContext, expiresAt: number, clock: Clock): void {
  const { socket } = extraOf(ctx);
  const cancel = clock.after(expiresAt - clock.now(), () =>
    socket.close(CloseCode.Forbidden, 'Forbidden: token expired'),
  );
  socket.once('close', cancel);
}

/**
 * Refuses (4403) a connection opened by a page of another site: browsers send `Origin` on every WebSocket
 * and let any page open one, so without this check any site could use the API with a token it got hold
 * of. Allowed: the service's own origin, those of CORS_ORIGINS, and no `Origin` (not a browser). Checked
 * in `onConnect` because @nestjs/graphql gives no hook at the upgrade itself.
 */
export function connectionOriginCheck(listed: readonly string[]): (ctx: GraphqlWsContext) => boolean {
  return (ctx) => {
    const { headers } = extraOf(ctx).request;
    if (isAllowedOrigin(headers.origin, headers.host, listed)) return true;
    return forbid(ctx, 'pages of this origin may not connect (CORS_ORIGINS)');
  };
}

/**
 * graphql-ws `onConnect`: verifies the token of the connection params with the same `AccessTokenService`
 * as HTTP requests and leaves the user on the upgrade request, where `graphqlContext` and so the global
 * `JwtAuthGuard` find it. A missing, invalid or expired token closes the connection with 4403.
 */
export function connectionAuthentication(
  tokens: AccessTokenService,
  clock: Clock,
): (ctx: GraphqlWsContext) => Promise<boolean> {
  return async (ctx) => {
    const authorization = authorizationFromConnectionParams(ctx.connectionParams);
    if (!authorization) return forbid(ctx, 'a Bearer token is required in the connection params');
    const { user, failure } = await tokens.verify(authorization);
    if (!user) return forbid(ctx, failure);
    (extraOf(ctx).request as AuthenticatedRequest).user = user;
    closeAtExpiry(ctx, user.expiresAt, clock);
    return true;
  };
}

/** The user an accepted connection belongs to (its subscriptions count against SUBSCRIPTIONS_PER_USER). */
export function connectionUserId(ctx: GraphqlWsContext): string | undefined {
  const user = (extraOf(ctx).request as AuthenticatedRequest).user;
  return user === undefined ? undefined : String(user.userId);
}

/**
 * The GraphQL context of every operation: `{ req }`, the request whose `user` the guard checks. Over HTTP
 * that is the Node request under Fastify's (the middleware verified its header); over graphql-ws it is the
 * upgrade request of the connection, which `connectionAuthentication` stamped.
 */
export function graphqlContext(source: FastifyRequest | GraphqlWsContext): { req: IncomingMessage } {
  if ('extra' in source) return { req: extraOf(source).request };
  return { req: source.raw };
}
