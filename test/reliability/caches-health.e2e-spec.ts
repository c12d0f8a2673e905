import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TrackerService } from '../../src/tracker/tracker.service';
import { type AppHarness, logIn, logInRaw, refreshTopStreams, startApp } from '../support/app-harness';
import { asModerator, runTrackerMinutes, startTrackingApp } from '../support/tracking-app';
import { AnswerScan } from './answer-scan';
import { waitFor } from '../support/wait-for';
import { reportProbe } from './probe-report';

const redisUrl = process.env.TEST_REDIS_URL;
const MINUTE = 60_000;
/** Far above what any answer here needs (milliseconds), so a loaded machine does not fail the probes. */
const FAST_MS = 2_000;
/** Longer than Twitch's own timeouts: an answer that takes this long is a hang. */
const HANG_MS = 10_000;
const GARBAGE_TOKEN = 'garbage-moderator-token-0123456789';

const STATS = `query($source: StatsSource) { streamStats(source: $source) {
  snapshot { id } totalStreams medianViewers oddViewerStreams evenViewerStreams duplicateViewerStreams } }`;

interface Stats {
  snapshot: { id: string };
  totalStreams: number;
  medianViewers: number;
}

async function stats(harness: AppHarness, source: 'MEMORY' | 'DATABASE'): Promise<Stats> {
  const result = await harness.graphql<{ streamStats: Stats }>(STATS, { source });
  expect(result.errors).toBeUndefined();
  return result.data!.streamStats;
}

/** streamStats where the answer may never come: null then (after HANG_MS). */
async function statsWithin(harness: AppHarness, source: 'MEMORY' | 'DATABASE'): Promise<Stats | null> {
  try {
    const response = await fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.adminToken}` },
      body: JSON.stringify({ query: STATS, variables: { source } }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    return ((await response.json()) as { data?: { streamStats: Stats } }).data?.streamStats ?? null;
  } catch {
    return null;
  }
}

interface HealthBody {
  status: string;
  failing?: string[];
  cache?: { store: string; ok: boolean; error?: string };
  topStreams: { ok?: boolean; error?: string; lastRun: { ok: boolean } | null };
  tracker?: { ok: boolean; lastPollCycle: { polls: number; failed: number } | null; error?: string };
  moderatorToken?: { configured: boolean; usable: boolean; error?: string };
}

async function health(harness: AppHarness): Promise<{ status: number; body: HealthBody; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${harness.url}/health`, { signal: AbortSignal.timeout(HANG_MS) });
  return {
    status: response.status,
    body: (await response.json()) as HealthBody,
    ms: performance.now() - started,
  };
}

/** /health once it answers 200 again (polled), or its last answer when it still fails after 20 s. */
async function healthyAgain(harness: AppHarness): Promise<Awaited<ReturnType<typeof health>>> {
  let last = await health(harness);
  await waitFor(async () => (last = await health(harness)).status === 200, '/health to answer 200 again', {
    timeoutMs: 20_000,
    intervalMs: 25,
  }).catch(() => undefined);
  return last;
}

/** A request that may hang: its status and time, or `hung` when nothing came within HANG_MS. */
async function timed(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number | 'hung'; ms: number; body: string }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(HANG_MS) });
    return { status: response.status, ms: performance.now() - started, body: await response.text() };
  } catch {
    return { status: 'hung', ms: performance.now() - started, body: '' };
  }
}

/**
 * Redis behind a TCP proxy that the test stops (as Redis dying: every connection cut) and starts again,
 * or pauses (as Redis hanging: connections open, nothing passes) and resumes.
 */
class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<[Socket, Socket]>();
  private paused = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      for (const socket of pair) {
        this.sockets.add(socket);
        socket.on('close', () => {
          this.sockets.delete(socket);
          this.pairs.delete(pair);
        });
        socket.on('error', () => socket.destroy());
      }
      if (this.paused) pair.forEach((socket) => socket.pause());
      else client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Data waits in the sockets (nothing is lost), so the replies arrive in order once resumed. */
  pause(): void {
    this.paused = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  resume(): void {
    this.paused = false;
    for (const [client, upstream] of this.pairs) client.pipe(upstream).pipe(client);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }
}

function throughProxy(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return proxied.toString();
}

const scan = new AnswerScan();
const secrets: string[] = [GARBAGE_TOKEN];

beforeAll(() => scan.install());

afterAll(() => {
  const leaks = scan.finish('cache and /health suite (moderator tokens)', secrets);
  expect(leaks).toEqual([]);
});

const describeWithRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) {
  describe('caches on a shared Redis (TEST_REDIS_URL not set)', () => {
    it.skip('runs when TEST_REDIS_URL is set', () => undefined);
  });
}

/** Issue 8, item 6: cache keys tied to the database they describe. */
describeWithRedis('two deployments sharing one Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-caches-'));
  // Each its own SQLite file and world; figures cached for a minute only, under keys that name the database.
  const env = (file: string, topN: number) => ({
    DATABASE_URL: `sqlite:${join(dir, file)}`,
    REDIS_URL: redisUrl!,
    CACHE_TTL: '60s',
    STREAMS_TOP_N: String(topN),
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keep their own figures, and a database created again does not read the old one', async () => {
    // One at a time while it talks to its simulator: @twurple reads the simulator port from the environment.
    const open = new Set<AppHarness>();
    const start = async (file: string, topN: number, seed: number) => {
      const harness = await startApp(env(file, topN), { seed });
      open.add(harness);
      return harness;
    };
    const close = async (harness: AppHarness) => {
      open.delete(harness);
      await harness.close();
    };
    try {
      const a = await start('a.sqlite', 300, 21);
      await refreshTopStreams(a);
      const aMemory = await stats(a, 'MEMORY');
      const aDatabase = await stats(a, 'DATABASE');
      const b = await start('b.sqlite', 500, 22);
      await refreshTopStreams(b);
      const bMemory = await stats(b, 'MEMORY');
      const bDatabase = await stats(b, 'DATABASE');
      await close(b);
      const sameIds = aMemory.snapshot.id === bMemory.snapshot.id;
      const pass =
        sameIds &&
        aDatabase.medianViewers !== bDatabase.medianViewers &&
        bMemory.medianViewers === bDatabase.medianViewers;
      reportProbe({
        item: 6,
        probe:
          'two instances, each its own SQLite file and simulated world, one Redis; snapshot ' +
          `${aMemory.snapshot.id} on both; A asks streamStats(MEMORY) first, then B`,
        expected: "each instance's MEMORY answer equals its DATABASE answer",
        observed:
          `A: MEMORY median ${aMemory.medianViewers}, DATABASE ${aDatabase.medianViewers}; ` +
          `B: MEMORY median ${bMemory.medianViewers}, DATABASE ${bDatabase.medianViewers}`,
        pass,
      });
      // A's database dropped and created again (a new file at the same URL), another world in it.
      await close(a);
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `a.sqlite${suffix}`), { force: true });
      const again = await start('a.sqlite', 300, 23);
      await refreshTopStreams(again);
      const againMemory = await stats(again, 'MEMORY');
      const againDatabase = await stats(again, 'DATABASE');
      reportProbe({
        item: 6,
        probe: `A's database recreated at the same URL (snapshot ${againMemory.snapshot.id} again, another world) within CACHE_TTL`,
        expected: 'MEMORY equals DATABASE (the old figures are not read)',
        observed:
          `MEMORY median ${againMemory.medianViewers}, DATABASE ${againDatabase.medianViewers} ` +
          `(the old database's was ${aDatabase.medianViewers})`,
        pass:
          againMemory.snapshot.id === aMemory.snapshot.id &&
          againDatabase.medianViewers !== aDatabase.medianViewers &&
          againMemory.medianViewers === againDatabase.medianViewers,
      });
      expect(sameIds).toBe(true);
      expect(aDatabase.medianViewers).not.toBe(bDatabase.medianViewers);
      expect(aMemory).toEqual(aDatabase);
      expect(bMemory).toEqual(bDatabase);
      expect(againMemory.snapshot.id).toBe(aMemory.snapshot.id);
      expect(againDatabase.medianViewers).not.toBe(aDatabase.medianViewers);
      expect(againMemory).toEqual(againDatabase);
    } finally {
      // Newest first: each harness restores the environment it found.
      for (const harness of [...open].reverse()) await harness.close();
    }
  }, 120_000);
});

/** Issue 8, item 7: Redis down fails logins fast, shows in /health, and both recover. */
describeWithRedis('Redis stopped (a proxy the test stops)', () => {
  let proxy: TcpProxy;
  let harness: AppHarness;

  beforeAll(async () => {
    const target = new URL(redisUrl!);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.start();
    harness = await startApp({
      REDIS_URL: throughProxy(redisUrl!, proxy.port),
      REDIS_COMMAND_TIMEOUT: '1s',
      STREAMS_TOP_N: '200',
    });
    await refreshTopStreams(harness);
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await proxy?.stop();
  });

  it('fails login at once with a clear 503, is 503 on /health, keeps statistics, and recovers', async () => {
    const before = await health(harness);
    // A login started while Redis was up, whose callback arrives while it is down.
    const start = await fetch(`${harness.url}/auth/twitch`, { redirect: 'manual' });
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = consent.headers.get('location')!;

    await proxy.stop();
    const login = await timed(`${harness.url}/auth/twitch`);
    const finish = await timed(callback, { headers: { cookie } });
    const down = await health(harness);
    // Statistics are computed without the cache (the first MEMORY request of this snapshot is now).
    const statsStarted = performance.now();
    const memory = await statsWithin(harness, 'MEMORY');
    const statsMs = performance.now() - statsStarted;
    const database = await stats(harness, 'DATABASE');

    await proxy.start();
    const restarted = performance.now();
    const after = await healthyAgain(harness);
    const recoveryMs = performance.now() - restarted;
    harness.simulator.setNextLogin('simviewer');
    const again = await logInRaw(harness.url);

    reportProbe({
      item: 7,
      probe: 'Redis stopped: GET /auth/twitch',
      expected: `503 with a clear message, in under ${FAST_MS} ms`,
      observed: `${login.status} in ${login.ms.toFixed(0)} ms: ${login.body.slice(0, 120)}`,
      pass: login.status === 503 && login.ms < FAST_MS,
    });
    reportProbe({
      item: 7,
      probe: 'Redis stopped: the callback of a login started before',
      expected: `503 (not "unknown state"), in under ${FAST_MS} ms`,
      observed: `${finish.status} in ${finish.ms.toFixed(0)} ms`,
      pass: finish.status === 503 && finish.ms < FAST_MS,
    });
    reportProbe({
      item: 7,
      probe: 'Redis stopped: GET /health',
      expected: '503, the cache part down with its reason',
      observed: `${down.status} in ${down.ms.toFixed(0)} ms, cache ${JSON.stringify(down.body.cache)}`,
      pass: down.status === 503 && down.body.cache?.ok === false,
    });
    reportProbe({
      item: 7,
      probe: 'Redis stopped: streamStats(MEMORY), first request of the snapshot',
      expected: 'the figures, equal to DATABASE',
      observed: memory
        ? `median ${memory.medianViewers} (DATABASE ${database.medianViewers}) in ${statsMs.toFixed(0)} ms`
        : `no answer within ${HANG_MS} ms`,
      pass: memory?.medianViewers === database.medianViewers,
    });
    reportProbe({
      item: 7,
      probe: 'Redis back (the proxy started again)',
      expected: '/health 200 and logins work again, without a restart',
      observed: `/health ${after.status} after ${recoveryMs.toFixed(0)} ms; a login then answered ${again.status}`,
      pass: after.status === 200 && again.status === 200,
    });
    expect(before.status).toBe(200);
    expect(before.body.cache).toEqual({ store: 'REDIS', ok: true });
    expect(login).toMatchObject({ status: 503 });
    expect(JSON.parse(login.body).message).toMatch(/Login is unavailable.*Redis/);
    expect(login.ms).toBeLessThan(FAST_MS);
    expect(finish).toMatchObject({ status: 503 });
    expect(finish.ms).toBeLessThan(FAST_MS);
    expect(down.status).toBe(503);
    expect(down.body.failing).toEqual(['cache']);
    expect(down.body.cache).toMatchObject({ store: 'REDIS', ok: false, error: expect.any(String) });
    expect(memory).toEqual(database);
    expect(after.status).toBe(200);
    expect(again.status).toBe(200);
  }, 60_000);

  it('answers within REDIS_COMMAND_TIMEOUT while Redis hangs, and recovers', async () => {
    proxy.pause();
    let login: Awaited<ReturnType<typeof timed>>;
    let hung: Awaited<ReturnType<typeof health>>;
    try {
      login = await timed(`${harness.url}/auth/twitch`);
      hung = await health(harness);
    } finally {
      proxy.resume();
    }
    const after = await healthyAgain(harness);
    harness.simulator.setNextLogin('simviewer');
    const again = await logInRaw(harness.url);
    reportProbe({
      item: 7,
      probe:
        'Redis hangs (connections open, no answer), REDIS_COMMAND_TIMEOUT=1s: GET /auth/twitch and /health',
      expected: `503 each, in under ${FAST_MS} ms; 200 and working logins once Redis answers`,
      observed:
        `login ${login.status} in ${login.ms.toFixed(0)} ms; /health ${hung.status} in ${hung.ms.toFixed(0)} ms ` +
        `(${hung.body.cache?.error}); then /health ${after.status}, a login ${again.status}`,
      pass:
        login.status === 503 &&
        login.ms < FAST_MS &&
        hung.status === 503 &&
        hung.ms < FAST_MS &&
        after.status === 200 &&
        again.status === 200,
    });
    expect(login).toMatchObject({ status: 503 });
    expect(login.ms).toBeLessThan(FAST_MS);
    expect(hung.status).toBe(503);
    expect(hung.ms).toBeLessThan(FAST_MS);
    expect(hung.body.cache?.error).toBe('no answer within 1000 ms');
    expect(after.status).toBe(200);
    expect(again.status).toBe(200);
  }, 60_000);
});

/** Issue 8, item 8: /health is 503 when the work fails; a refused moderator token is reported. */
describe('/health tells the truth', () => {
  it('is 503 after a failed top-streams run, and 200 after the next good one', async () => {
    const harness = await startApp(
      { STREAMS_TOP_N: '300' },
      { pageOverlap: { probability: 0, maxEntries: 0 } },
    );
    try {
      await refreshTopStreams(harness);
      const ok = await health(harness);
      // Twitch answers 500 until @twurple's retries give up.
      harness.simulator.failNext({ count: 10, status: 500, pathPrefix: '/streams', skip: 1 });
      expect((await harness.graphql('mutation { refreshTopStreams { id } }')).errors).toBeDefined();
      const failed = await health(harness);
      harness.simulator.clearFaults();
      await refreshTopStreams(harness);
      const recovered = await health(harness);
      reportProbe({
        item: 8,
        probe: 'a top-streams run fails (Helix 500 until the retries give up), then one succeeds',
        expected: '200, then 503 naming topStreams, then 200',
        observed:
          `${ok.status}, then ${failed.status} (failing ${JSON.stringify(failed.body.failing)}, ` +
          `lastRun.ok ${failed.body.topStreams.lastRun?.ok}), then ${recovered.status}`,
        pass: ok.status === 200 && failed.status === 503 && recovered.status === 200,
      });
      expect(ok.status).toBe(200);
      expect(failed.status).toBe(503);
      expect(failed.body.failing).toEqual(['topStreams']);
      expect(failed.body.topStreams).toMatchObject({ ok: false, lastRun: { ok: false } });
      expect(recovered.status).toBe(200);
    } finally {
      await harness.close();
    }
  }, 60_000);

  it('is 503 when every poll of the last poll cycle failed, and 200 once polls work again', async () => {
    const harness = await startTrackingApp({
      channels: 4,
      env: (simulator) => {
        const env = asModerator(simulator);
        secrets.push(env.TWITCH_MODERATOR_TOKEN);
        return env;
      },
    });
    try {
      const cycle = () => runTrackerMinutes(harness, 1);
      await cycle();
      const ok = await health(harness);
      // Get Chatters answers 503 to every call (each poll gives up after @twurple's retries).
      harness.simulator.failNext({ count: 1_000, status: 503, pathPrefix: '/chat/chatters' });
      harness.simulator.advanceClock(MINUTE);
      await cycle();
      const failed = await health(harness);
      harness.simulator.clearFaults();
      harness.simulator.advanceClock(MINUTE);
      await cycle();
      const recovered = await health(harness);
      reportProbe({
        item: 8,
        probe: 'every Get Chatters call answers 503 for a whole poll cycle (4 channels), then Twitch is back',
        expected: '200, then 503 naming the tracker, then 200',
        observed:
          `${ok.status}, then ${failed.status} (${JSON.stringify(failed.body.tracker?.lastPollCycle ?? null)}), ` +
          `then ${recovered.status}`,
        pass: ok.status === 200 && failed.status === 503 && recovered.status === 200,
      });
      expect(ok.status).toBe(200);
      expect(failed.status).toBe(503);
      expect(failed.body.failing).toEqual(['tracker']);
      expect(failed.body.tracker?.lastPollCycle).toMatchObject({ polls: 4, failed: 4 });
      expect(recovered.status).toBe(200);
    } finally {
      await harness.close();
    }
  }, 90_000);

  it('reports a moderator token Twitch refuses, tracks through chat, and takes a new grant', async () => {
    const harness = await startTrackingApp({ channels: 10, env: { TWITCH_MODERATOR_TOKEN: GARBAGE_TOKEN } });
    try {
      const tracker = harness.app.get(TrackerService);
      const sources = async () => {
        const result = await harness.graphql<{ monitoredChannels: { source: string }[] }>(
          '{ monitoredChannels { source } }',
        );
        expect(result.errors).toBeUndefined();
        return result.data!.monitoredChannels.map((channel) => channel.source);
      };
      await tracker.tick();
      const validations = harness.simulator.stats.authRequests;
      for (let minute = 0; minute < 4; minute++) {
        harness.simulator.advanceClock(MINUTE);
        await tracker.tick();
      }
      const onChat = await sources();
      const refused = await health(harness);
      const validationsSince = harness.simulator.stats.authRequests - validations;
      const cycle = refused.body.tracker?.lastPollCycle;
      reportProbe({
        item: 8,
        probe: 'TWITCH_MODERATOR_TOKEN=garbage, 10 channels, 5 one-minute rounds',
        expected:
          '/health reports the token refused; channels on chat sources; polls do not fail; the token is not tried again',
        observed:
          `/health ${refused.status}, moderatorToken ${JSON.stringify(refused.body.moderatorToken)}; sources ` +
          `${[...new Set(onChat)].join(', ')}; last poll cycle ${JSON.stringify(cycle ?? null)}; ` +
          `${validationsSince} token validations after the first round`,
        pass:
          refused.body.moderatorToken?.usable === false &&
          onChat.length === 10 &&
          onChat.every((source) => source !== 'CHATTERS') &&
          cycle !== undefined &&
          cycle !== null &&
          cycle.polls > 0 &&
          cycle.failed === 0 &&
          validationsSince === 0,
      });
      expect(refused.body.moderatorToken).toMatchObject({ configured: true, usable: false });
      expect(refused.body.moderatorToken?.error).toMatch(/401/);
      expect(onChat).toHaveLength(10);
      expect(onChat.filter((source) => source === 'CHATTERS')).toEqual([]);
      expect(cycle).toMatchObject({ failed: 0 });
      expect(cycle?.polls).toBeGreaterThan(0);
      expect(validationsSince).toBe(0);

      // An administrator lends a valid grant: the channels go back to Get Chatters.
      harness.simulator.setModerator('simadmin', '*');
      harness.simulator.setNextLogin('simadmin');
      expect((await logInRaw(harness.url, { asModerator: true })).status).toBe(200);
      harness.simulator.advanceClock(MINUTE);
      await tracker.tick();
      const lent = await health(harness);
      const back = await sources();
      reportProbe({
        item: 8,
        probe: 'then an administrator lends a grant at /auth/twitch?moderator=true',
        expected: 'the token usable again, channels back on CHATTERS',
        observed: `moderatorToken ${JSON.stringify(lent.body.moderatorToken)}; sources ${[...new Set(back)].join(', ')}`,
        pass: lent.body.moderatorToken?.usable === true && back.every((source) => source === 'CHATTERS'),
      });
      expect(lent.body.moderatorToken).toMatchObject({ configured: true, usable: true });
      expect(back.every((source) => source === 'CHATTERS')).toBe(true);
      await logIn(harness.url, harness.simulator, 'simviewer');
    } finally {
      await harness.close();
    }
  }, 90_000);
});
