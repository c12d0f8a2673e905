import { setMaxListeners } from 'node:events';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import type { TwitchApiCallFetchOptions } from '@twurple/api-call';
import { Agent, Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { ServiceStoppingError } from '../common/domain-error';
import { currentTwurpleMockApiPort, type TwitchConfig, twitchConfig } from '../config';
import { GracefulShutdown } from '../lifecycle/graceful-shutdown.service';
import { TwitchRequestError } from './twitch-request-error';

// @twurple's documented way to type the fetch options it passes on (here: `signal`).
declare module '@twurple/api-call' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- it only merges RequestInit in
  export interface TwitchApiCallFetchOptions extends Omit<RequestInit, 'headers' | 'method' | 'body'> {}
}

const TWITCH_HOSTS = new Set(['api.twitch.tv', 'id.twitch.tv']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const UNDICI_TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The origins @twurple calls: Helix and OAuth on twitch.tv, or the simulator it is pointed at. */
export function isTwitchOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol === 'https:' && TWITCH_HOSTS.has(url.hostname)) return true;
  const mockPort = currentTwurpleMockApiPort();
  return mockPort !== undefined && LOOPBACK_HOSTS.has(url.hostname) && Number(url.port) === mockPort;
}

/** A deadline that ran out: an aborted `AbortSignal.timeout`, or one of undici's own timeouts. */
function isTimeout(error: unknown): boolean {
  // Not `instanceof Error`: DOMException and undici's errors may come from another realm.
  for (let cause = error; typeof cause === 'object' && cause !== null;) {
    const { name, code } = cause as { name?: unknown; code?: unknown };
    if (name === 'TimeoutError' || UNDICI_TIMEOUTS.has(String(code))) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Sends Twitch's requests through `twitch` and every other one through the dispatcher it replaced; once
 * retired, everything goes there (it may stay in the chain when another was installed over it).
 */
class TwitchRoutingDispatcher extends Dispatcher {
  private retired = false;

  constructor(
    private readonly twitch: Dispatcher,
    readonly others: Dispatcher,
  ) {
    super();
  }

  retire(): void {
    this.retired = true;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    const target = !this.retired && isTwitchOrigin(String(options.origin)) ? this.twitch : this.others;
    return target.dispatch(options, handler);
  }
}

/**
 * Every call to Twitch goes through here, so none waits longer than TWITCH_TIMEOUT for an answer and
 * none outlives the service:
 * - @twurple's ApiClient spreads `fetchOptions` into each fetch, so the `signal` getter gives every
 *   attempt its own deadline (@twurple retries 5xx and network failures 3 times with 0.5, 1 and 2 s
 *   back-off: a Helix call that never answers fails after 4 × TWITCH_TIMEOUT + 3.5 s).
 * - @twurple/auth's helpers (token fetches, validation, code exchange, revocation) take no fetch options:
 *   they reach Twitch through a global dispatcher that sends Twitch's origins through an agent with
 *   connect, headers and body timeouts, and everything else where it went before.
 * - When a stop begins (`GracefulShutdown.stopping`, or this module's own stop hook), that agent is
 *   destroyed, so requests in flight end at once, and `run` rejects its callers with
 *   `ServiceStoppingError` without waiting for @twurple's retries.
 * A deadline that ran out comes out of `run` as a TwitchRequestError that says so.
 */
@Injectable()
export class TwitchCalls implements OnModuleInit, OnModuleDestroy {
  private readonly stopping = new AbortController();
  private agent: Agent | null = null;
  private router: TwitchRoutingDispatcher | null = null;
  readonly fetchOptions: TwitchApiCallFetchOptions;

  constructor(
    @Inject(twitchConfig.KEY) private readonly config: Pick<TwitchConfig, 'timeoutMs'>,
    // Absent when built by hand (benchmarks, tests): then nothing outside stops it.
    @Optional() private readonly shutdown?: GracefulShutdown,
  ) {
    const { timeoutMs } = config;
    // Every call in flight listens for the stop (joins and polls run by the dozen): not a leak.
    setMaxListeners(0, this.stopping.signal);
    // An own enumerable getter: @twurple copies the options with a spread, which reads it per attempt.
    this.fetchOptions = {
      get signal() {
        return AbortSignal.timeout(timeoutMs);
      },
    };
  }

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  onModuleInit(): void {
    const { timeoutMs } = this.config;
    this.agent = new Agent({ connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    this.router = new TwitchRoutingDispatcher(this.agent, getGlobalDispatcher());
    setGlobalDispatcher(this.router);
    this.shutdown?.stopping.addEventListener('abort', () => void this.stop(), { once: true });
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopping.abort();
    const router = this.router;
    this.router = null;
    router?.retire();
    if (router && getGlobalDispatcher() === router) setGlobalDispatcher(router.others);
    await this.agent?.destroy(new ServiceStoppingError());
  }

  /**
   * Runs a Twitch call (`what`, for messages: "Get Streams"): it rejects at once when the service stops,
   * and with a TwitchRequestError when a deadline ran out; `timeoutMs` adds one around work that has none
   * of its own, such as the chat login.
   */
  async run<T>(what: string, work: () => Promise<T>, timeoutMs?: number): Promise<T> {
    const cancelled = () => new ServiceStoppingError(`${what} was cancelled: the service is stopping`);
    if (this.stopped) throw cancelled();
    const deadline = timeoutMs ?? this.config.timeoutMs;
    const late = (cause: unknown) =>
      new TwitchRequestError(null, `Twitch did not answer ${what} within ${deadline / 1000} s`, { cause });
    let timer: NodeJS.Timeout | undefined;
    let onStop: (() => void) | undefined;
    const cut = new Promise<never>((_, reject) => {
      onStop = () => reject(cancelled());
      this.stopping.signal.addEventListener('abort', onStop, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(() => reject(late(undefined)), timeoutMs);
    });
    try {
      return await Promise.race([work(), cut]);
    } catch (error) {
      if (this.stopped) throw error instanceof ServiceStoppingError ? error : cancelled();
      throw isTimeout(error) ? late(error) : error;
    } finally {
      clearTimeout(timer);
      if (onStop) this.stopping.signal.removeEventListener('abort', onStop);
    }
  }
}
