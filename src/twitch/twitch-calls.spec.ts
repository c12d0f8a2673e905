import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { fetch as undiciFetch } from 'undici';
import { ServiceStoppingError } from '../common/domain-error';
import type { GracefulShutdown } from '../lifecycle/graceful-shutdown.service';
import { isTwitchOrigin, TwitchCalls } from './twitch-calls';
import { TwitchRequestError } from './twitch-request-error';

/** A server that accepts every request and never answers it. */
async function silentServer(): Promise<{ server: Server; port: number }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

const never = () => new Promise<never>(() => undefined);

describe('isTwitchOrigin', () => {
  const saved = process.env.TWURPLE_MOCK_API_PORT;
  afterEach(() => {
    process.env.TWURPLE_MOCK_API_PORT = saved;
  });

  it("knows Twitch's API and OAuth hosts, over HTTPS only", () => {
    delete process.env.TWURPLE_MOCK_API_PORT;
    expect(isTwitchOrigin('https://api.twitch.tv')).toBe(true);
    expect(isTwitchOrigin('https://id.twitch.tv')).toBe(true);
    expect(isTwitchOrigin('http://api.twitch.tv')).toBe(false);
    expect(isTwitchOrigin('https://example.com')).toBe(false);
    expect(isTwitchOrigin('http://localhost:4000')).toBe(false);
  });

  it('knows the simulator @twurple is pointed at, and nothing else on this machine', () => {
    process.env.TWURPLE_MOCK_API_PORT = '4000';
    expect(isTwitchOrigin('http://localhost:4000')).toBe(true);
    expect(isTwitchOrigin('http://127.0.0.1:4000')).toBe(true);
    expect(isTwitchOrigin('http://localhost:4001')).toBe(false);
  });
});

describe('TwitchCalls', () => {
  it('gives every attempt of an ApiClient call its own deadline', async () => {
    const calls = new TwitchCalls({ timeoutMs: 200 });
    // @twurple spreads the options into each fetch; each spread reads the getter again.
    const first = { ...calls.fetchOptions }.signal!;
    const second = { ...calls.fetchOptions }.signal!;
    expect(first).not.toBe(second);
    await new Promise((resolve) => first.addEventListener('abort', resolve));
    expect((first.reason as Error).name).toBe('TimeoutError');
  });

  it('says a deadline ran out, in a TwitchRequestError, and lets other failures through', async () => {
    const calls = new TwitchCalls({ timeoutMs: 2_000 });
    const fetchTimeout = new TypeError('fetch failed', {
      cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
    });
    const late = await calls.run('Get Streams', () => Promise.reject(fetchTimeout)).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(TwitchRequestError);
    expect(late).toMatchObject({ status: null, message: 'Twitch did not answer Get Streams within 2 s' });
    const aborted = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    await expect(calls.run('Get Chatters', () => Promise.reject(aborted))).rejects.toThrow(
      'Twitch did not answer Get Chatters within 2 s',
    );
    const other = new Error('Twitch said no');
    await expect(calls.run('Get Streams', () => Promise.reject(other))).rejects.toBe(other);
  });

  it('bounds work that has no deadline of its own', async () => {
    const calls = new TwitchCalls({ timeoutMs: 5_000 });
    await expect(calls.run('the chat login', never, 100)).rejects.toThrow(
      new TwitchRequestError(null, 'Twitch did not answer the chat login within 0.1 s', { cause: undefined }),
    );
  });

  describe('installed in the app', () => {
    const saved = process.env.TWURPLE_MOCK_API_PORT;
    let twitch: { server: Server; port: number };
    let other: { server: Server; port: number };
    let stop: AbortController;
    let calls: TwitchCalls;

    beforeAll(async () => {
      twitch = await silentServer();
      other = await silentServer();
      process.env.TWURPLE_MOCK_API_PORT = String(twitch.port);
    });

    afterAll(async () => {
      process.env.TWURPLE_MOCK_API_PORT = saved;
      for (const { server } of [twitch, other]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    beforeAll(() => {
      stop = new AbortController();
      calls = new TwitchCalls({ timeoutMs: 500 }, { stopping: stop.signal } as GracefulShutdown);
      calls.onModuleInit();
    });

    afterAll(() => calls.onModuleDestroy());

    // Jest's module realm has its own global dispatcher: undici's fetch reads it as Node's fetch would.
    it("bounds the calls that take no fetch options, to Twitch's origins only", async () => {
      // The other request goes first and is waiting on its server when Twitch's deadline starts.
      const elsewhere = new AbortController();
      let otherSettled = false;
      const reachedOther = once(other.server, 'request');
      const toOther = undiciFetch(`http://127.0.0.1:${other.port}/`, { signal: elsewhere.signal }).then(
        () => 'answered',
        (error: Error) => error.name,
      );
      void toOther.finally(() => (otherSettled = true));
      await reachedOther;

      const started = Date.now();
      const toTwitch = await undiciFetch(`http://localhost:${twitch.port}/auth/validate`).then(
        () => 'answered',
        (error: Error) => (error.cause as { code?: string }).code,
      );
      expect(toTwitch).toBe('UND_ERR_HEADERS_TIMEOUT');
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(400);

      // Past Twitch's deadline (it waited longer than the Twitch request), the other request still waits.
      await new Promise((resolve) => setImmediate(resolve));
      expect(otherSettled).toBe(false);
      elsewhere.abort();
      expect(await toOther).toBe('AbortError');
    });

    it('cancels calls in flight when the stop begins, and refuses new ones', async () => {
      const reachedTwitch = once(twitch.server, 'request');
      const inFlight = undiciFetch(`http://localhost:${twitch.port}/auth/token`).then(
        () => 'answered',
        (error: Error) => (error.cause as Error).name,
      );
      const waiting = calls.run('Get Streams', never);
      await reachedTwitch;
      stop.abort();
      await expect(waiting).rejects.toThrow(
        new ServiceStoppingError('Get Streams was cancelled: the service is stopping'),
      );
      expect(await inFlight).toBe('ServiceStoppingError');
      let called = false;
      await expect(
        calls.run('Get Chatters', () => {
          called = true;
          return never();
        }),
      ).rejects.toBeInstanceOf(ServiceStoppingError);
      expect(called).toBe(false);
    });
  });
});
