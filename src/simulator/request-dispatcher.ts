import { Logger } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { EVENTSUB_SUBSCRIPTIONS_PATHS } from './eventsub-handlers';
import { FaultInjector } from './fault-injector';
import { DROP_CONNECTION, HelixGateway } from './helix-gateway';
import { createContext, helixError, HttpReply, HttpRouter, RequestContext, writeReply } from './http-router';
import { SimulatorStats } from './simulator-options';

/** Helix paths outside `/mock/`: @twurple calls EventSub subscriptions at the root of the mock port. */
const ROOT_HELIX_PATHS: ReadonlySet<string> = new Set(
  EVENTSUB_SUBSCRIPTIONS_PATHS.filter((path) => !path.startsWith('/mock/')),
);

export interface RequestDispatcherDependencies {
  /** `/mock/...` (and ROOT_HELIX_PATHS): Helix behind authentication, faults and the rate limit. */
  gateway: HelixGateway;
  /** `/auth/...`: OAuth. */
  authRouter: HttpRouter;
  /** Everything else: `/sim/...`. */
  controlRouter: HttpRouter;
  /** Its latency setting holds Helix and OAuth requests. */
  faults: FaultInjector;
}

/**
 * Every HTTP request of the simulator: sends it to Helix, OAuth or the controls by path prefix, holds it
 * for the injected latency, answers 500 when a handler throws, and counts what it served.
 */
export class RequestDispatcher {
  readonly counters: Omit<SimulatorStats, 'tokensIssued'> = {
    requests: 0,
    helixRequests: 0,
    authRequests: 0,
    tooManyRequests: 0,
    serverErrors: 0,
    droppedConnections: 0,
  };
  private readonly logger = new Logger(RequestDispatcher.name);
  private readonly delays = new Set<() => void>();

  constructor(private readonly deps: RequestDispatcherDependencies) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.counters.requests++;
    let reply: HttpReply | typeof DROP_CONNECTION;
    try {
      reply = await this.dispatch(createContext(request));
    } catch (error) {
      this.logger.error(
        `${request.method} ${request.url} failed: ${(error as Error).stack ?? String(error)}`,
      );
      reply = helixError(500, 'Internal Server Error');
    }
    if (reply === DROP_CONNECTION) {
      this.counters.droppedConnections++;
      request.socket.destroy();
      return;
    }
    if (reply.status === 429) this.counters.tooManyRequests++;
    if (reply.status >= 500) this.counters.serverErrors++;
    writeReply(response, reply);
  }

  /** Answers at once the requests held by injected latency (before the server closes). */
  releaseHeld(): void {
    for (const release of [...this.delays]) release();
  }

  private async dispatch(context: RequestContext): Promise<HttpReply | typeof DROP_CONNECTION> {
    if (context.path.startsWith('/mock/') || ROOT_HELIX_PATHS.has(context.path.replace(/(.)\/+$/, '$1'))) {
      this.counters.helixRequests++;
      await this.injectLatency();
      return this.deps.gateway.handle(context);
    }
    if (context.path.startsWith('/auth/')) {
      this.counters.authRequests++;
      await this.injectLatency();
      return RequestDispatcher.route(this.deps.authRouter, context);
    }
    return RequestDispatcher.route(this.deps.controlRouter, context);
  }

  private injectLatency(): Promise<void> {
    const { latencyMs } = this.deps.faults.settings;
    if (latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        this.delays.delete(release);
        resolve();
      };
      const timer = setTimeout(release, latencyMs);
      this.delays.add(release);
    });
  }

  private static route(router: HttpRouter, context: RequestContext): HttpReply | Promise<HttpReply> {
    const handler = router.find(context.method, context.path);
    return handler ? handler(context) : helixError(404, `No route ${context.method} ${context.path}`);
  }
}
