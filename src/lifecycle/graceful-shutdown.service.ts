import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';

const STOP_HOOKS = ['onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown'] as const;

type Hook = (...args: unknown[]) => unknown;

/**
 * The parts of a stop no single feature owns. `begin` is its first step, before any module's stop hook:
 * the schedulers stop (no cron starts new work), `stopping` aborts (Twitch calls in flight are cancelled,
 * so the requests waiting on them get their answers: the GraphQL module's own stop hook waits for those
 * answers, and Nest runs it before the Twitch module's), and requests still being answered get
 * `Connection: close` (so the HTTP server does not wait for their keep-alive to lapse). It also records
 * what a stop is still waiting for (each provider's stop hook that has not returned, and the requests not
 * yet answered), for the log line when SHUTDOWN_TIMEOUT runs out.
 */
@Injectable()
export class GracefulShutdown implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runningHooks = new Map<string, number>();
  private readonly openResponses = new Set<ServerResponse>();
  private readonly controller = new AbortController();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.watchStopHooks();
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    server?.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      if (this.stopping.aborted && !response.headersSent) response.setHeader('Connection', 'close');
      this.openResponses.add(response);
      response.once('close', () => this.openResponses.delete(response));
    });
  }

  /** Aborted when a stop begins. */
  get stopping(): AbortSignal {
    return this.controller.signal;
  }

  /** The first step of a stop (see above); called before `app.close()`, and by it when no one did. */
  begin(): void {
    if (this.stopping.aborted) return;
    for (const job of this.scheduler.getCronJobs().values()) void job.stop();
    for (const response of this.openResponses) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
    }
    this.controller.abort();
  }

  onModuleDestroy(): void {
    this.begin();
  }

  /** What the stop is still waiting for, oldest first. */
  stillRunning(): string[] {
    const waiting = [...this.runningHooks.keys()];
    const requests = this.openResponses.size;
    if (requests > 0) waiting.push(`${requests} HTTP request${requests === 1 ? '' : 's'} not yet answered`);
    return waiting;
  }

  /** Wraps every stop hook so that it is known while it runs (Nest calls them by name on the instance). */
  private watchStopHooks(): void {
    const seen = new WeakSet<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
      if (!instance || typeof instance !== 'object' || instance === this || seen.has(instance)) continue;
      seen.add(instance);
      const target = instance as Record<string, unknown>;
      for (const hook of STOP_HOOKS) {
        const original = target[hook];
        if (typeof original !== 'function') continue;
        const label = `${instance.constructor.name}.${hook}`;
        // Reflect.set: an instance that cannot take the wrapper (frozen) just goes unwatched.
        Reflect.set(target, hook, async (...args: unknown[]) => {
          this.runningHooks.set(label, (this.runningHooks.get(label) ?? 0) + 1);
          try {
            return await (original as Hook).apply(instance, args);
          } finally {
            const left = (this.runningHooks.get(label) ?? 1) - 1;
            if (left > 0) this.runningHooks.set(label, left);
            else this.runningHooks.delete(label);
          }
        });
      }
    }
  }
}
