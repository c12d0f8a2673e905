import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../../src/common/clock';
import { TwitchSimulator } from '../../../src/simulator/simulator-server';
import { freePort, graphql, logIn } from '../../support/app-harness';
import { chromiumPath, launchChromium } from '../../support/chromium';
import { ensureBuiltService, ServiceProcess } from '../../support/service-process';
import { waitFor } from '../../support/wait-for';

export const browserAvailable = existsSync(chromiumPath);
/** Browser suites run where Chromium is installed and are reported as skipped elsewhere, never as passed. */
export const describeBrowser = browserAvailable ? describe : describe.skip;

/**
 * The simulated world runs this many times faster than the wall clock, so audiences move between channels
 * often; a migration is still final only ~100 s after its leave (the detector waits out chat's 90 s batching).
 */
const WORLD_SPEED = 20;
const SCREENSHOT_DIR = join(process.cwd(), 'docs', 'screenshots');
/**
 * A migration is stored ~105 s after it joined (the detector's 95 s lateness, the 10 s window, a round):
 * a range that ended this long ago no longer changes, so a page and the API read the same figures from it.
 */
const SETTLED_MS = 150_000;

interface PageProblems {
  consoleErrors: string[];
  outsideRequests: string[];
}

/**
 * The built service (dist/ and web/dist) as a person meets it, against a simulator of this process whose
 * world runs WORLD_SPEED times faster than the wall clock, with a short detection window, and a headless
 * Chromium to look at it. Every page records its console errors and any request that leaves the origin.
 */
export class DashboardHarness {
  private readonly tokens = new Map<string, string>();
  private readonly pageProblems = new WeakMap<Page, PageProblems>();
  private browser: Browser | undefined;

  private constructor(
    private readonly startedAt: number,
    readonly baseUrl: string,
    readonly simulator: TwitchSimulator,
    private readonly service: ServiceProcess,
    private readonly ticking: NodeJS.Timeout,
  ) {}

  static async start(options: { env?: Record<string, string> } = {}): Promise<DashboardHarness> {
    await ensureBuiltService();
    const startedAt = Date.now();
    const clock = new ManualClock(startedAt);
    const simulator = new TwitchSimulator({ seed: 7, channels: 400, clock, rateLimitPerMinute: 10_000_000 });
    const simulatorPort = await simulator.listen();
    let wall = Date.now();
    const ticking = setInterval(() => {
      const now = Date.now();
      simulator.advanceClock((now - wall) * WORLD_SPEED);
      wall = now;
    }, 200);
    // A fixed port: the OAuth redirect URI must name the port the browser comes back to.
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const service = new ServiceProcess({
      HOST: '127.0.0.1',
      PORT: String(port),
      TWURPLE_MOCK_API_PORT: String(simulatorPort),
      TWITCH_REDIRECT_URI: `${baseUrl}/auth/twitch/callback`,
      TWITCH_MODERATOR_TOKEN: simulator.issueUserToken('simmod', ['moderator:read:chatters']),
      ADMIN_LOGINS: 'simadmin',
      STREAMS_TOP_N: '200',
      // Only the snapshot taken at start-up (and the ones a test asks for): a scheduled one landing while a view
      // is compared with the API (the default runs at every quarter hour) would leave the page a snapshot behind.
      STREAMS_REFRESH_CRON: '0 0 1 1 *',
      TRACKER_CHANNELS: '60',
      TRACKER_POLL_INTERVAL: '5s',
      TRACKER_WINDOW: '10s',
      // Polls 12 times as often as the default, so a range holds 12 times the viewer samples and viewerCounts
      // costs 12 times as much: a day's chart (the channel panel's default range) would be refused under load.
      GRAPHQL_MAX_COST: '1200000',
      ...options.env,
    });
    const harness = new DashboardHarness(startedAt, baseUrl, simulator, service, ticking);
    try {
      await service.waitForLine(/GraphQL API on/, 90_000);
    } catch (error) {
      await harness.stop();
      throw error;
    }
    return harness;
  }

  /** A service token of `login` (simviewer, simadmin — an administrator — or simmod), by the JSON login. */
  async token(login = 'simviewer'): Promise<string> {
    const known = this.tokens.get(login);
    if (known) return known;
    const body = await logIn(this.baseUrl, this.simulator, login);
    this.tokens.set(login, body.accessToken);
    return body.accessToken;
  }

  async graphql<T>(query: string, variables: Record<string, unknown> = {}, login = 'simviewer'): Promise<T> {
    const answer = await graphql<T>(this.baseUrl, query, variables, await this.token(login));
    if (answer.errors?.length || !answer.data)
      throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors ?? answer)}`);
    return answer.data;
  }

  /** Until the API returns at least `count` migrations of the last hour. */
  async waitForMigrations(count: number, timeoutMs = 180_000): Promise<void> {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    await waitFor(
      async () => {
        const { migrations } = await this.graphql<{ migrations: { totalCount: number } }>(
          'query($since: DateTime) { migrations(since: $since, first: 1) { totalCount } }',
          { since },
        );
        return migrations.totalCount >= count;
      },
      `${count} migrations`,
      { timeoutMs, intervalMs: 100 },
    );
  }

  /**
   * A range from before the start to SETTLED_MS ago holding at least `count` migrations, once there is one:
   * nothing is stored into it any more, so what a page shows for it can be compared with the API exactly.
   */
  async settledRange(count: number, timeoutMs = 300_000): Promise<{ since: string; until: string }> {
    const since = new Date(this.startedAt - 60_000).toISOString();
    return waitFor(
      async () => {
        const until = new Date(Date.now() - SETTLED_MS).toISOString();
        // Until SETTLED_MS have passed since the start, no range has settled yet.
        if (until <= since) return null;
        const { migrations } = await this.graphql<{ migrations: { totalCount: number } }>(
          'query($since: DateTime, $until: DateTime) { migrations(since: $since, until: $until, first: 1) { totalCount } }',
          { since, until },
        );
        return migrations.totalCount >= count ? { since, until } : null;
      },
      `${count} settled migrations`,
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** A fresh browser context (its own sessionStorage) with the problems of its page recorded. */
  private async newPage(): Promise<Page> {
    this.browser ??= await launchChromium();
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const problems: PageProblems = { consoleErrors: [], outsideRequests: [] };
    const origin = new URL(this.baseUrl);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => problems.consoleErrors.push(error.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      // The login's round trip through (simulated) Twitch is the one expected stop outside the origin.
      const sameOrigin = url.host === origin.host && /^(https?|wss?):$/.test(url.protocol);
      const twitchLogin = url.port === String(this.simulator.port) && url.pathname.startsWith('/auth/');
      if (!sameOrigin && !twitchLogin && url.protocol !== 'data:' && url.protocol !== 'blob:')
        problems.outsideRequests.push(request.url());
    });
    // The browser logs only "Failed to load resource: … 400"; say which request and what the service answered.
    page.on('response', async (response) => {
      if (response.status() < 400) return;
      const request = response.request();
      const operation = /"operationName":"(\w+)"/.exec(request.postData() ?? '')?.[1] ?? '';
      const answer = (await response.text().catch(() => '')).slice(0, 300);
      problems.consoleErrors.push(
        `HTTP ${response.status()} from ${request.method()} ${new URL(response.url()).pathname} ${operation}: ${answer}`,
      );
    });
    this.pageProblems.set(page, problems);
    return page;
  }

  /** A page logged in through the dashboard's own button and the simulator's consent, showing `path`. */
  async loggedInPage(path: string, login = 'simviewer'): Promise<Page> {
    const page = await this.newPage();
    this.simulator.setNextLogin(login);
    await page.goto(`${this.baseUrl}${path}`);
    await page.getByRole('link', { name: 'Log in with Twitch' }).click();
    await page.waitForURL(
      (url) => url.host === new URL(this.baseUrl).host && url.pathname === path.split('?')[0],
    );
    await page.getByTestId('me-login').waitFor();
    return page;
  }

  problems(page: Page): PageProblems {
    return this.pageProblems.get(page) ?? { consoleErrors: [], outsideRequests: [] };
  }

  /** A PNG for the README, under docs/screenshots. */
  async screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  }

  async stop(): Promise<void> {
    clearInterval(this.ticking);
    await this.browser?.close();
    await this.service.kill();
    await this.simulator.close();
  }
}
