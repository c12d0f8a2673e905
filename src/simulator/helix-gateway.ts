import { TokenStore } from './auth-tokens';
import { FaultInjector } from './fault-injector';
import { HelixContext } from './helix-handlers';
import { helixError, HttpReply, HttpRouter, RequestContext } from './http-router';
import { rateLimitHeaders, TokenBucketRateLimiter } from './rate-limiter';

/** Returned instead of a reply when the connection must be destroyed without an answer. */
export const DROP_CONNECTION = Symbol('drop-connection');

export interface HelixGatewayDependencies {
  router: HttpRouter<HelixContext>;
  tokens: TokenStore;
  rateLimiter: TokenBucketRateLimiter;
  faults: FaultInjector;
}

/**
 * What stands in front of every Helix endpoint, in Twitch's order: routing, authentication (Client-Id +
 * Bearer token of the same client), then faults, then the rate limit. Every authenticated response
 * carries the `Ratelimit-*` headers.
 */
export class HelixGateway {
  constructor(private readonly deps: HelixGatewayDependencies) {}

  async handle(context: RequestContext): Promise<HttpReply | typeof DROP_CONNECTION> {
    const { router, tokens, rateLimiter, faults } = this.deps;
    const handler = router.find(context.method, context.path);
    if (!handler) return helixError(404, `No Helix endpoint ${context.method} ${context.path}`);

    const authorization = context.headers.authorization;
    if (!authorization) return helixError(401, 'OAuth token is missing');
    const accessToken = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const clientId = context.headers['client-id'];
    if (!clientId || Array.isArray(clientId)) return helixError(401, 'Client-Id header required');
    const token = accessToken ? tokens.find(accessToken) : undefined;
    if (!token) return helixError(401, 'Invalid OAuth token');
    if (token.clientId !== clientId) return helixError(401, 'Client ID and OAuth token do not match');

    const bucket = token.userId ? `user:${token.userId}` : `client:${token.clientId}`;
    const fault = faults.decide(context.path.replace(/^\/mock/, ''));
    if (fault?.kind === 'drop') return DROP_CONNECTION;
    if (fault?.status === 429) {
      // A reset ~1 s ahead, so that @twurple waits briefly and retries on its own.
      const resetSeconds = Math.ceil(Date.now() / 1000) + 1;
      const headers = rateLimitHeaders({ limit: rateLimiter.limit, remaining: 0, resetSeconds });
      return helixError(429, 'Too Many Requests (injected fault)', headers);
    }
    if (fault) {
      const message = fault.status === 503 ? 'Service Unavailable' : 'Internal Server Error';
      return helixError(fault.status, message, rateLimitHeaders(rateLimiter.peek(bucket)));
    }

    const { allowed, state } = rateLimiter.consume(bucket);
    const headers = rateLimitHeaders(state);
    if (!allowed) return helixError(429, 'Too Many Requests', headers);
    const reply = await handler({ ...context, token });
    return { ...reply, headers: { ...reply.headers, ...headers } };
  }
}
