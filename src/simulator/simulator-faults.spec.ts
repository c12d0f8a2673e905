import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import { TwitchSimulator } from './simulator-server';

function helixClient(sim: TwitchSimulator, clientId = 'embedded-client-id') {
  const token = sim.issueAppToken(clientId);
  return async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${sim.port}${path}`, {
      headers: { 'Client-Id': clientId, Authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };
}

describe('TwitchSimulator rate limits', () => {
  const sim = new TwitchSimulator({ clock: new ManualClock(), rateLimitPerMinute: 5 });
  beforeAll(() => sim.listen());
  afterAll(() => sim.close());

  it('sends Ratelimit headers on every Helix response and 429s when the bucket is empty', async () => {
    const call = helixClient(sim);
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { status, headers } = await call('/mock/streams?first=1');
      expect(status).toBe(200);
      expect(headers.get('ratelimit-limit')).toBe('5');
      remaining.push(Number(headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);

    const limited = await call('/mock/users?login=x');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'Too Many Requests', status: 429 });
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // Epoch seconds of wall-clock time (not the manual world clock): when the bucket is full again.
    const reset = Number(limited.headers.get('ratelimit-reset'));
    const now = Date.now() / 1000;
    expect(reset).toBeGreaterThan(now + 50);
    expect(reset).toBeLessThan(now + 62);
    expect(sim.stats.tooManyRequests).toBe(1);
  });

  it('keeps one bucket per client', async () => {
    sim.registerClient('second-app', 'secret');
    const { status, headers } = await helixClient(sim, 'second-app')('/mock/streams?first=1');
    expect(status).toBe(200);
    expect(headers.get('ratelimit-remaining')).toBe('4');
  });

  it('applies a new limit at once', async () => {
    sim.setRateLimit(1000);
    const { status, headers } = await helixClient(sim)('/mock/streams?first=1');
    expect(status).toBe(200);
    expect(headers.get('ratelimit-limit')).toBe('1000');
  });
});

describe('TwitchSimulator rate limits on the world clock', () => {
  const clock = new ManualClock();
  const sim = new TwitchSimulator({ clock, rateLimitPerMinute: 2, rateLimitClock: 'world' });
  beforeAll(() => sim.listen());
  afterAll(() => sim.close());

  it('refills the bucket as the world clock moves, and counts the refusals per bucket', async () => {
    const call = helixClient(sim);
    expect((await call('/mock/streams?first=1')).status).toBe(200);
    expect((await call('/mock/streams?first=1')).status).toBe(200);
    const limited = await call('/mock/streams?first=1');
    expect(limited.status).toBe(429);
    // Still a wall-clock instant, as @twurple reads it: a world minute from now.
    const reset = Number(limited.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000 + 50);
    clock.advance(30_000);
    expect((await call('/mock/streams?first=1')).status).toBe(200);
    expect(sim.rateLimitUsage()).toEqual([{ bucket: 'client:embedded-client-id', spent: 3, refused: 1 }]);
  });
});

describe('TwitchSimulator faults', () => {
  const sim = new TwitchSimulator({ seed: 8, clock: new ManualClock() });
  let call: ReturnType<typeof helixClient>;
  beforeAll(async () => {
    await sim.listen();
    call = helixClient(sim);
  });
  afterEach(() => sim.clearFaults());
  afterAll(() => sim.close());

  it('fails the next N requests under a path, after skipping K', async () => {
    sim.failNext({ count: 2, status: 503, pathPrefix: '/streams', skip: 2 });
    const statuses: number[] = [];
    statuses.push((await call('/mock/users?login=a')).status);
    for (let i = 0; i < 5; i++) statuses.push((await call('/mock/streams?first=1')).status);
    expect(statuses).toEqual([200, 200, 200, 503, 503, 200]);
    expect(sim.state().faults.pending).toEqual([]);
  });

  it('serves scripted 429s with Ratelimit-Remaining 0 and a reset about a second ahead', async () => {
    sim.failNext({ count: 1, status: 429, pathPrefix: '/mock/games' });
    expect((await call('/mock/streams?first=1')).status).toBe(200);
    const limited = await call('/mock/games?id=509658');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    const ahead = Number(limited.headers.get('ratelimit-reset')) - Date.now() / 1000;
    expect(ahead).toBeGreaterThan(0);
    expect(ahead).toBeLessThanOrEqual(2);
    expect((await call('/mock/games?id=509658')).status).toBe(200);
  });

  it('fails a given share of requests with 500/503, reproducibly for a seed', async () => {
    const before = sim.stats.serverErrors;
    sim.setFaults({ errorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await call('/mock/streams?first=1')).status);
    const failed = statuses.filter((status) => status !== 200);
    expect(failed.length).toBeGreaterThan(8);
    expect(failed.length).toBeLessThan(32);
    expect(new Set(failed)).toEqual(new Set([500, 503]));
    expect(sim.stats.serverErrors - before).toBe(failed.length);

    const twin = new TwitchSimulator({ seed: 8, clock: new ManualClock(), faults: { errorRate: 0.5 } });
    await twin.listen();
    try {
      const twinCall = helixClient(twin);
      const twinStatuses: number[] = [];
      for (let i = 0; i < 40; i++) twinStatuses.push((await twinCall('/mock/streams?first=1')).status);
      expect(twinStatuses).toEqual(statuses);
    } finally {
      await twin.close();
    }
  });

  it('adds latency', async () => {
    sim.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await call('/mock/streams?first=1')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('drops connections', async () => {
    const before = sim.stats.droppedConnections;
    sim.setFaults({ dropRate: 1 });
    await expect(call('/mock/streams?first=1')).rejects.toThrow();
    expect(sim.stats.droppedConnections).toBe(before + 1);
    sim.setFaults({ dropRate: 0 });
    expect((await call('/mock/streams?first=1')).status).toBe(200);
  });

  it('closes promptly even while a request waits on latency', async () => {
    const slow = new TwitchSimulator({ clock: new ManualClock(), faults: { latencyMs: 30_000 } });
    await slow.listen();
    const pending = helixClient(slow)('/mock/streams?first=1').catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await slow.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await pending;
  });

  it('validates fault settings', () => {
    expect(() => sim.setFaults({ errorRate: 2 })).toThrow(RangeError);
    expect(() => sim.failNext({ count: 1, status: 404 as 500 })).toThrow(RangeError);
    expect(() => sim.failNext({ count: 0, status: 500 })).toThrow(RangeError);
  });
});
