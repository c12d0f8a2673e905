import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock, SystemClock } from '../common/clock';
import { SimulatorState } from './simulator-options';
import { TwitchSimulator } from './simulator-server';

describe('TwitchSimulator control endpoints', () => {
  const clock = new ManualClock();
  const sim = new TwitchSimulator({ seed: 6, clock });
  let base: string;

  beforeAll(async () => {
    base = `http://127.0.0.1:${await sim.listen()}`;
  });
  afterAll(() => sim.close());

  async function control(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${base}/sim/control`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function state(): Promise<SimulatorState> {
    return (await (await fetch(`${base}/sim/state`)).json()) as SimulatorState;
  }

  it('reports state: seed, clock, world, counters, faults, limits', async () => {
    const current = await state();
    expect(current).toMatchObject({
      seed: 6,
      port: sim.port,
      clock: { now: clock.date().toISOString(), manual: true },
      world: { channels: 3000, games: 200, liveStreams: sim.liveStreams().length },
      faults: { errorRate: 0, latencyMs: 0, dropRate: 0, pending: [] },
      rateLimitPerMinute: 800,
      pageOverlap: { probability: 0.25, maxEntries: 3 },
    });
    expect(current.counters.requests).toBeGreaterThanOrEqual(1);
  });

  it('advances a manual clock, and the world with it', async () => {
    const before = sim.world.time;
    const reply = await control({ action: 'advanceClock', ms: 600_000 });
    expect(reply).toEqual({ status: 200, body: { ok: true, action: 'advanceClock' } });
    expect((await state()).world.time).toBe(new Date(before + 600_000).toISOString());
    expect((await control({ action: 'advanceClock', ms: -1 })).status).toBe(400);
  });

  it('starts and ends streams', async () => {
    const offline = sim.world.channels.find((channel) => !sim.world.isLive(channel));
    const started = await control({ action: 'startStream', login: offline?.login });
    expect(started.status).toBe(200);
    expect(started.body.stream).toMatchObject({ userLogin: offline?.login });
    expect((await control({ action: 'startStream', login: offline?.login })).status).toBe(409);
    expect(sim.liveStreams().some((stream) => stream.userLogin === offline?.login)).toBe(true);

    expect((await control({ action: 'endStream', login: offline?.login })).status).toBe(200);
    expect(sim.liveStreams().some((stream) => stream.userLogin === offline?.login)).toBe(false);
    expect((await control({ action: 'endStream', login: offline?.login })).status).toBe(409);
    expect((await control({ action: 'endStream', login: 'no_such_channel' })).status).toBe(404);
    expect((await control({ action: 'endStream' })).status).toBe(400);

    const count = sim.liveStreams().length;
    const random = await control({ action: 'startStream' });
    expect(random.status).toBe(200);
    expect(sim.liveStreams()).toHaveLength(count + 1);
  });

  it('sets faults, scripted failures, rate limit, page overlap and clients', async () => {
    expect((await control({ action: 'setFaults', errorRate: 0.1, latencyMs: 5 })).status).toBe(200);
    expect(
      (await control({ action: 'failNext', count: 2, status: 500, pathPrefix: '/streams', skip: 1 })).status,
    ).toBe(200);
    expect((await control({ action: 'setRateLimit', perMinute: 120 })).status).toBe(200);
    expect((await control({ action: 'setPageOverlap', probability: 0.5 })).status).toBe(200);
    expect((await control({ action: 'registerClient', clientId: 'ctl-app', clientSecret: 's' })).status).toBe(
      200,
    );
    const current = await state();
    expect(current.faults).toEqual({
      errorRate: 0.1,
      latencyMs: 5,
      dropRate: 0,
      pending: [{ count: 2, status: 500, pathPrefix: '/streams', skip: 1 }],
    });
    expect(current.rateLimitPerMinute).toBe(120);
    expect(current.pageOverlap).toEqual({ probability: 0.5, maxEntries: 3 });
    expect(() => sim.issueAppToken('ctl-app')).not.toThrow();

    expect((await control({ action: 'clearFaults' })).status).toBe(200);
    expect((await state()).faults).toEqual({ errorRate: 0, latencyMs: 0, dropRate: 0, pending: [] });
  });

  it('rejects malformed control requests', async () => {
    expect((await control('not json')).status).toBe(400);
    expect((await control([1, 2])).status).toBe(400);
    expect((await control({ action: 'explode' })).status).toBe(400);
    expect((await control({ action: 'toString' })).status).toBe(400);
    expect((await control({ action: 'setFaults', errorRate: 'high' })).status).toBe(400);
    expect((await control({ action: 'setFaults', dropRate: 1.5 })).status).toBe(400);
    expect((await control({ action: 'failNext', count: 1, status: 418 })).status).toBe(400);
    expect((await control({ action: 'setRateLimit', perMinute: 0 })).status).toBe(400);
    expect((await control({ action: 'setPageOverlap', maxEntries: -1 })).status).toBe(400);
  });

  it('refuses to advance a system clock', async () => {
    const live = new TwitchSimulator({ clock: new SystemClock() });
    expect(() => live.advanceClock(1000)).toThrow(/ManualClock/);
  });
});
