import { createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SystemClock } from '../../src/common/clock';
import { TwitchSimulator } from '../../src/simulator/simulator-server';
import { freePort, graphql, type GraphqlResponse, logIn } from '../support/app-harness';
import { ensureBuiltService, ServiceProcess } from '../support/service-process';
import { waitFor, within } from '../support/wait-for';
import { AnswerScan } from './answer-scan';
import { reportProbe } from './probe-report';

/**
 * Issue 8, items 3 and 4, on the real service: `dist/src/main.js` as a child process against a
 * simulator of the suite's own (real clock), SQLite in a temporary folder.
 */
const SHUTDOWN_TIMEOUT_S = 10;
// A loaded machine (two cores shared by parallel suites) gets this much on top of every bound.
const MARGIN_MS = 5_000;
const JWT_SECRET = randomBytes(36).toString('base64url');
const REFRESH = 'mutation { refreshTopStreams { id streamCount } }';

type RefreshAnswer = GraphqlResponse<{ refreshTopStreams: { id: number } }>;

describe('Stopping and starting the service (issue 8, items 3 and 4)', () => {
  const scan = new AnswerScan();
  const simulator = new TwitchSimulator({ seed: 8, channels: 300, clock: new SystemClock() });
  let simulatorPort: number;
  let moderatorToken: string;
  let service: ServiceProcess | undefined;

  const env = (extra: Record<string, string> = {}) => ({
    HOST: '127.0.0.1',
    TWURPLE_MOCK_API_PORT: String(simulatorPort),
    ADMIN_LOGINS: 'simadmin',
    JWT_SECRET,
    STREAMS_TOP_N: '100',
    TRACKER_CHANNELS: '10',
    TRACKER_POLL_INTERVAL: '5s',
    TWITCH_MODERATOR_TOKEN: moderatorToken,
    SHUTDOWN_TIMEOUT: `${SHUTDOWN_TIMEOUT_S}s`,
    ...extra,
  });

  /** A service on a free port, up and with its first snapshot; its URL and an administrator's token. */
  async function startService(extra: Record<string, string> = {}) {
    const port = await freePort();
    service = new ServiceProcess(env({ PORT: String(port), ...extra }));
    await service.waitForLine(/GraphQL API on/, 60_000);
    const url = `http://127.0.0.1:${port}`;
    return { service, url };
  }

  beforeAll(async () => {
    scan.install();
    await ensureBuiltService();
    simulatorPort = await simulator.listen();
    moderatorToken = simulator.issueUserToken('simmod', ['moderator:read:chatters']);
  }, 300_000);

  afterEach(async () => {
    simulator.clearFaults();
    await service?.kill();
    service = undefined;
  });

  afterAll(async () => {
    await simulator.close();
    const leaks = scan.finish('lifecycle suite (JWT_SECRET, moderator token, client secret)', [
      JWT_SECRET,
      moderatorToken,
      'embedded-client-secret',
    ]);
    expect(leaks).toEqual([]);
  });

  /** Sends SIGTERM while `refreshTopStreams` waits on Twitch; how the caller and the process ended. */
  async function stopDuringRefresh(latencyMs: number) {
    const { service, url } = await startService();
    await service.waitForLine(/Snapshot \d+: /, 60_000);
    const { accessToken } = await logIn(url, simulator, 'simadmin');
    // The raids of the 10 channels followed first: their Helix calls would otherwise pass for the ones awaited.
    await waitFor(() => simulator.state().eventSub.enabledSubscriptions >= 10, 'the raid subscriptions', {
      timeoutMs: 30_000,
    });
    simulator.setFaults({ latencyMs });
    const before = simulator.stats;
    const answer = graphql<RefreshAnswer['data']>(url, REFRESH, {}, accessToken).then(
      (body) => body,
      (error: Error) => new Error(`no answer: ${error.message}`),
    );
    // The refresh waits on Twitch (its Get Streams), and so do the tracker's polls: behind its first call
    // to Twitch since the faults, the moderator token's validation.
    await waitFor(
      () =>
        simulator.stats.helixRequests > before.helixRequests &&
        simulator.stats.authRequests > before.authRequests,
      'the refresh and the tracker to wait on Twitch',
      { timeoutMs: 10_000 },
    );
    const started = Date.now();
    service.signal('SIGTERM');
    const exit = await service.exitWithin(SHUTDOWN_TIMEOUT_S * 1000 + MARGIN_MS);
    return { exit, stoppedMs: Date.now() - started, answer: await answer, output: service.output };
  }

  it('SIGTERM while Twitch hangs (120 s latency) stops within SHUTDOWN_TIMEOUT, exit code 0', async () => {
    const { exit, stoppedMs, answer, output } = await stopDuringRefresh(120_000);
    const cancelledPolls = output.filter((line) => /Poll of \S+ failed: .*cancelled/.test(line)).length;
    const ok = exit?.code === 0 && stoppedMs <= SHUTDOWN_TIMEOUT_S * 1000 && cancelledPolls > 0;
    reportProbe({
      item: 3,
      probe: 'SIGTERM with 120 s latency on every Twitch answer, a refresh and tracker polls in flight',
      expected: `process ends within SHUTDOWN_TIMEOUT (${SHUTDOWN_TIMEOUT_S} s) with exit code 0, polls cancelled`,
      observed: exit
        ? `ended after ${(stoppedMs / 1000).toFixed(1)} s, exit code ${exit.code ?? exit.signal}, ` +
          `${cancelledPolls} tracker polls cancelled`
        : `still running after ${(stoppedMs / 1000).toFixed(1)} s (killed)`,
      pass: ok,
    });
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stoppedMs).toBeLessThanOrEqual(SHUTDOWN_TIMEOUT_S * 1000);
    expect(cancelledPolls).toBeGreaterThan(0);
    expect(answer).not.toBeInstanceOf(Error);
  }, 120_000);

  it('a refreshTopStreams in flight at SIGTERM (10 s latency) gets a SERVICE_UNAVAILABLE answer', async () => {
    // Longer than a loaded machine may take to act on the signal (3 s once let the refresh finish first); the
    // stop cancels the call at once, so the test takes no longer for it.
    const { exit, stoppedMs, answer } = await stopDuringRefresh(10_000);
    const error = answer instanceof Error ? undefined : answer.errors?.[0];
    reportProbe({
      item: 3,
      probe: 'refreshTopStreams in flight when SIGTERM arrives (10 s latency on Twitch)',
      expected: 'a GraphQL error with code SERVICE_UNAVAILABLE, not a dropped connection; exit code 0',
      observed:
        answer instanceof Error
          ? answer.message
          : `${error?.extensions?.code ?? 'no error'}: ${error?.message ?? JSON.stringify(answer.data)}; ` +
            `stopped in ${(stoppedMs / 1000).toFixed(1)} s, exit code ${exit?.code ?? exit?.signal ?? 'none'}`,
      pass: error?.extensions?.code === 'SERVICE_UNAVAILABLE' && exit?.code === 0,
    });
    expect(answer).not.toBeInstanceOf(Error);
    expect(error?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(exit).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('the app-token fetch (an @twurple/auth helper, no fetch options) gives up after TWITCH_TIMEOUT', async () => {
    // Hanging from the start: the start-up refresh's first call fetches the app token.
    simulator.setFaults({ latencyMs: 120_000 });
    const { service } = await startService({ TWITCH_TIMEOUT: '2s' });
    const failure = await service
      .waitForLine(/Top-streams refresh failed after \d+ ms/, 30_000)
      .catch(() => undefined);
    const tokenMs = failure ? Number(/after (\d+) ms/.exec(failure)![1]) : undefined;
    const timedOut = /Twitch did not answer Get Streams within 2 s/.test(failure ?? '');
    reportProbe({
      item: 3,
      probe: 'app-token fetch (no fetch options) with 120 s latency, TWITCH_TIMEOUT=2s',
      expected: `the start-up refresh fails after about 2 s (< ${(2_000 + MARGIN_MS) / 1000} s), naming the timeout`,
      observed: failure
        ? `failed after ${tokenMs} ms: ${failure.replace(/^.*failed after \d+ ms: /, '')}`
        : 'no failure within 30 s: still waiting on Twitch',
      pass: timedOut && tokenMs! < 2_000 + MARGIN_MS,
    });
    expect(timedOut).toBe(true);
    expect(tokenMs).toBeLessThan(2_000 + MARGIN_MS);
  }, 120_000);

  it("a Helix call gives up after TWITCH_TIMEOUT on each of @twurple's attempts", async () => {
    const { service, url } = await startService({ TWITCH_TIMEOUT: '2s' });
    await service.waitForLine(/Snapshot \d+: /, 60_000);
    const { accessToken } = await logIn(url, simulator, 'simadmin');
    simulator.setFaults({ latencyMs: 120_000 });
    // 4 attempts of 2 s, 3.5 s of back-off between them.
    const bound = 4 * 2_000 + 3_500 + MARGIN_MS;
    const started = Date.now();
    const answer = await within(
      graphql<RefreshAnswer['data']>(url, REFRESH, {}, accessToken),
      bound + 10_000,
    );
    const helixMs = Date.now() - started;
    const error = answer?.errors?.[0];
    reportProbe({
      item: 3,
      probe: 'refreshTopStreams (Helix Get Streams) with 120 s latency, TWITCH_TIMEOUT=2s',
      expected: `TWITCH_UNAVAILABLE within 4 × 2 s + 3.5 s of @twurple's retries (+ ${MARGIN_MS / 1000} s)`,
      observed: answer
        ? `${error?.extensions?.code ?? 'no error'} after ${(helixMs / 1000).toFixed(1)} s: ${error?.message}`
        : `no answer after ${(helixMs / 1000).toFixed(1)} s`,
      pass: error?.extensions?.code === 'TWITCH_UNAVAILABLE' && helixMs < bound,
    });
    expect(error?.extensions?.code).toBe('TWITCH_UNAVAILABLE');
    expect(error?.message).toMatch(/Twitch did not answer Get Streams within 2 s/);
    expect(helixMs).toBeLessThan(bound);
  }, 120_000);

  /** Starts a service that cannot start; how it ended and the lines it wrote to stderr. */
  async function failedStart(extra: Record<string, string>, withinMs: number) {
    service = new ServiceProcess(env(extra));
    const started = Date.now();
    const exit = await service.exitWithin(withinMs);
    return { exit, ms: Date.now() - started, errors: service.stderr };
  }

  /**
   * Exit code 1, and the last line says why, naming `setting`; with `only`, it is also the only line logged
   * as an error (warnings that libraries print aside).
   */
  function reportStartFailure(
    probe: string,
    setting: RegExp,
    result: Awaited<ReturnType<typeof failedStart>>,
    only: boolean,
  ) {
    const { exit, ms, errors } = result;
    const reason = errors.at(-1) ?? '';
    const errorLines = errors.filter((line) => / ERROR /.test(line)).length;
    reportProbe({
      item: 4,
      probe,
      expected: `exit code 1, the last line a reason naming ${setting.source}${only ? ', the only error line' : ''}`,
      observed: exit
        ? `exit code ${exit.code ?? exit.signal} after ${(ms / 1000).toFixed(1)} s, ${errorLines} error lines, ` +
          `the last: ${reason.replace(/^.*?ERROR /, '')}`
        : `still running after ${(ms / 1000).toFixed(1)} s (killed)`,
      pass:
        exit?.code === 1 &&
        /Start-up failed: /.test(reason) &&
        setting.test(reason) &&
        (!only || errorLines === 1),
    });
    expect(exit).toEqual({ code: 1, signal: null });
    expect(reason).toMatch(/Start-up failed: /);
    expect(reason).toMatch(setting);
    if (only) expect(errorLines).toBe(1);
  }

  describe('start-up failures', () => {
    let holder: Server;
    let takenPort: number;

    beforeAll(async () => {
      holder = createServer();
      takenPort = await freePort();
      await new Promise<void>((resolve) => holder.listen(takenPort, '127.0.0.1', resolve));
    });

    afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

    it('PORT in use: exit code 1 and one line naming PORT', async () => {
      const result = await failedStart({ PORT: String(takenPort) }, 60_000);
      reportStartFailure('PORT already in use', /PORT=\d+/, result, true);
    }, 90_000);

    it('HOST=not.a.host: exit code 1 and one line naming HOST', async () => {
      const result = await failedStart({ PORT: '0', HOST: 'not.a.host' }, 60_000);
      reportStartFailure('HOST=not.a.host', /HOST=not\.a\.host/, result, true);
    }, 90_000);

    it('a bad setting: exit code 1 and one line naming it', async () => {
      const result = await failedStart({ PORT: '0', STREAMS_TOP_N: 'lots' }, 60_000);
      reportStartFailure('STREAMS_TOP_N=lots', /STREAMS_TOP_N/, result, true);
    }, 90_000);

    it('database unreachable: exit code 1 once the connection retries are spent', async () => {
      // Nothing listens on port 1; @nestjs/sequelize tries 10 times, 3 s apart.
      const result = await failedStart(
        { PORT: '0', DATABASE_URL: 'postgres://tmt@127.0.0.1:1/tracker' },
        120_000,
      );
      // Each attempt logs an error of its own; the last line still says why it ended.
      reportStartFailure('DATABASE_URL unreachable (PostgreSQL port closed)', /ECONNREFUSED/, result, false);
    }, 150_000);
  });
});
