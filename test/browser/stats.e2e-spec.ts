import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { waitFor } from '../support/wait-for';
import { DashboardHarness, describeBrowser } from './support/dashboard-harness';

/** The figures the statistics view shows per source, by the name in its data-testid. */
const FIGURE_NAMES = [
  'snapshotId',
  'snapshotTakenAt',
  'snapshotStreamCount',
  'totalStreams',
  'medianViewers',
  'oddViewerStreams',
  'evenViewerStreams',
  'duplicateViewerStreams',
  'games',
  'duplicateGroups',
] as const;
type Source = 'MEMORY' | 'DATABASE';

interface Game {
  gameId: string;
  gameName: string | null;
  streamCount: number;
  maxViewers: number;
  totalViewers: number;
}

interface Stats {
  snapshot: { id: string; takenAt: string; streamCount: number };
  totalStreams: number;
  medianViewers: number;
  oddViewerStreams: number;
  evenViewerStreams: number;
  duplicateViewerStreams: number;
  games: Game[];
  duplicateGroups: { viewerCount: number; streams: { id: string }[] }[];
}

/** The view's default: 20 groups of shared viewer counts. */
const STATS = `query($source: StatsSource!) {
  streamStats(source: $source) {
    snapshot { id takenAt streamCount }
    totalStreams medianViewers oddViewerStreams evenViewerStreams duplicateViewerStreams
    games(limit: 1000) { gameId gameName streamCount maxViewers totalViewers }
    duplicateGroups(limit: 20) { viewerCount streams { id } }
  }
}`;

const TOP = 'query($order: SortOrder!) { topStreams(limit: 100, order: $order) { userLogin viewerCount } }';

/** What the page should carry in data-value for each figure: lists count their items. */
function expectedFigures(stats: Stats): Record<string, string> {
  return {
    snapshotId: stats.snapshot.id,
    snapshotTakenAt: stats.snapshot.takenAt,
    snapshotStreamCount: String(stats.snapshot.streamCount),
    totalStreams: String(stats.totalStreams),
    medianViewers: String(stats.medianViewers),
    oddViewerStreams: String(stats.oddViewerStreams),
    evenViewerStreams: String(stats.evenViewerStreams),
    duplicateViewerStreams: String(stats.duplicateViewerStreams),
    games: String(stats.games.length),
    duplicateGroups: String(stats.duplicateGroups.length),
  };
}

async function pageFigures(page: Page, source: Source): Promise<Record<string, string | null>> {
  const figures: Record<string, string | null> = {};
  for (const name of FIGURE_NAMES) {
    const cell = page.getByTestId(`stat-${name}-${source}`);
    figures[name] = (await cell.count()) === 1 ? await cell.getAttribute('data-value') : null;
  }
  return figures;
}

async function attributes(page: Page, testId: string, attribute: string): Promise<(string | null)[]> {
  const rows = page.getByTestId(testId);
  const values: (string | null)[] = [];
  for (let index = 0; index < (await rows.count()); index += 1)
    values.push(await rows.nth(index).getAttribute(attribute));
  return values;
}

/**
 * Jest's equality: fetch's JSON comes from another realm than the test's own arrays, which node's
 * isDeepStrictEqual tells apart by prototype.
 */
function equal(actual: unknown, expected: unknown): boolean {
  try {
    expect(actual).toEqual(expected);
    return true;
  } catch {
    return false;
  }
}

/**
 * Polls until what the page shows equals what the API says (both read again each time: the page renders
 * after its queries come back); a mismatch that stays fails with both values in the message.
 */
async function eventually<T>(shown: () => Promise<T>, wanted: () => Promise<T>, timeoutMs = 20_000) {
  await waitFor(
    async () => {
      expect(await shown()).toEqual(await wanted());
      return true;
    },
    'the page to show what the API answers',
    { timeoutMs, intervalMs: 100 },
  );
}

/** Sorted as the view sorts: by the column, ties by gameId ascending in either direction. */
function sortGames(games: Game[], direction: 'asc' | 'desc'): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...games]
    .sort(
      (a, b) =>
        sign * (a.streamCount - b.streamCount) || (a.gameId < b.gameId ? -1 : a.gameId > b.gameId ? 1 : 0),
    )
    .map((game) => game.gameId);
}

describeBrowser('stream statistics, streams and tracker views in Chromium', () => {
  let harness: DashboardHarness;

  const stats = async (source: Source) =>
    (await harness.graphql<{ streamStats: Stats }>(STATS, { source })).streamStats;
  const top = async (order: 'ASC' | 'DESC') =>
    (await harness.graphql<{ topStreams: { userLogin: string }[] }>(TOP, { order })).topStreams;

  beforeAll(async () => {
    harness = await DashboardHarness.start();
    // The first snapshot is fetched at start-up; until then the API answers NOT_READY.
    await waitFor(() => stats('MEMORY'), 'the first snapshot', { timeoutMs: 60_000, intervalMs: 100 });
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('shows every figure of MEMORY and DATABASE side by side, as the API answers them', async () => {
    const page = await harness.loggedInPage('/stats');
    for (const source of ['MEMORY', 'DATABASE'] as const) {
      await eventually(
        () => pageFigures(page, source),
        async () => expectedFigures(await stats(source)),
      );
    }
    const [memory, database] = await Promise.all([stats('MEMORY'), stats('DATABASE')]);
    const summary = page.getByTestId('stats-comparison-summary');
    if (equal(memory, database)) {
      await expect(summary.textContent()).resolves.toBe('MEMORY and DATABASE agree on every figure');
      await expect(page.locator('.badge.differs').count()).resolves.toBe(0);
    } else {
      await expect(summary.textContent()).resolves.toMatch(/^\d+ figures? differ/);
    }

    await harness.screenshot(page, 'stats');

    // One source: only its column.
    await page.getByLabel('DATABASE', { exact: true }).click();
    await page.waitForURL(/source=DATABASE/);
    await eventually(
      () => pageFigures(page, 'DATABASE'),
      async () => expectedFigures(await stats('DATABASE')),
    );
    await expect(page.getByTestId('stat-totalStreams-MEMORY').count()).resolves.toBe(0);
    await expect(summary.count()).resolves.toBe(0);
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 90_000);

  it('sorts the games by stream count both ways, with the sort in the URL', async () => {
    const page = await harness.loggedInPage('/stats');
    await page.getByTestId('game-row').first().waitFor();
    const gameIds = () => attributes(page, 'game-row', 'data-game-id');
    const first = async (direction: 'asc' | 'desc') => sortGames((await stats('MEMORY')).games, direction);

    await page.getByTestId('sort-streamCount').click();
    await page.waitForURL(/gamesSort=streamCount/);
    await eventually(gameIds, () => first('desc'));
    await expect(
      page.locator('th', { has: page.getByTestId('sort-streamCount') }).getAttribute('aria-sort'),
    ).resolves.toBe('descending');

    await page.getByTestId('sort-streamCount').click();
    await page.waitForURL(/gamesDir=asc/);
    await eventually(gameIds, () => first('asc'));
    await expect(
      page.locator('th', { has: page.getByTestId('sort-streamCount') }).getAttribute('aria-sort'),
    ).resolves.toBe('ascending');

    // The link shows the same order.
    await page.reload();
    await page.getByTestId('game-row').first().waitFor();
    await eventually(gameIds, () => first('asc'));
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 90_000);

  it('orders the top 100 on the server, by mouse and by keyboard', async () => {
    const page = await harness.loggedInPage('/stats');
    const firstLogin = () => page.getByTestId('top-row').first().getAttribute('data-login');
    const rowCount = () => page.getByTestId('top-row').count();
    await page.getByTestId('top-row').first().waitFor();
    await eventually(firstLogin, async () => (await top('DESC'))[0]!.userLogin);
    await eventually(rowCount, async () => (await top('DESC')).length);
    const header = page.locator('th', { has: page.getByTestId('top-sort-viewers') });
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');

    await page.getByTestId('top-sort-viewers').click();
    await page.waitForURL(/order=ASC/);
    await eventually(firstLogin, async () => (await top('ASC'))[0]!.userLogin);
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');

    await page.getByTestId('top-sort-viewers').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.search.includes('order=ASC'));
    await eventually(firstLogin, async () => (await top('DESC'))[0]!.userLogin);

    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 90_000);

  it('lets an administrator refresh the snapshot, and shows the new one', async () => {
    const viewer = await harness.loggedInPage('/stats');
    await viewer.getByTestId('stat-snapshotId-MEMORY').waitFor();
    await expect(viewer.getByTestId('refresh-now').count()).resolves.toBe(0);

    const page = await harness.loggedInPage('/stats', 'simadmin');
    const snapshotId = async (source: Source) =>
      Number(await page.getByTestId(`stat-snapshotId-${source}`).getAttribute('data-value'));
    await page.getByTestId('stat-snapshotId-MEMORY').waitFor();
    await page.getByTestId('stat-snapshotId-DATABASE').waitFor();
    const before = await snapshotId('MEMORY');
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await eventually(
      async () => (await snapshotId('MEMORY')) > before && (await snapshotId('DATABASE')) > before,
      () => Promise.resolve(true),
      30_000,
    );
    await eventually(
      () => pageFigures(page, 'MEMORY'),
      async () => expectedFigures(await stats('MEMORY')),
    );
    expect(harness.problems(viewer)).toEqual({ consoleErrors: [], outsideRequests: [] });
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 90_000);

  it('lists the odd streams page by page as the API does', async () => {
    const STREAMS = `query($after: String) {
      streams(first: 50, parity: ODD, after: $after) {
        totalCount pageInfo { endCursor hasNextPage } edges { node { userLogin viewerCount } }
      }
    }`;
    interface Streams {
      streams: {
        totalCount: number;
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
        edges: { node: { userLogin: string; viewerCount: number } }[];
      };
    }
    const page = await harness.loggedInPage('/streams?parity=ODD');
    const logins = () => attributes(page, 'stream-row', 'data-login');
    const firstPage = async () => (await harness.graphql<Streams>(STREAMS)).streams;
    await page.getByTestId('stream-row').first().waitFor();
    await eventually(logins, async () => (await firstPage()).edges.map((edge) => edge.node.userLogin));
    await eventually(
      () => page.getByTestId('streams-total').getAttribute('data-value'),
      async () => String((await firstPage()).totalCount),
    );
    await harness.screenshot(page, 'streams');

    const { pageInfo } = await firstPage();
    if (pageInfo.hasNextPage) {
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.waitForURL(/after=/);
      const second = await harness.graphql<Streams>(STREAMS, { after: pageInfo.endCursor });
      await eventually(logins, () =>
        Promise.resolve(second.streams.edges.map((edge) => edge.node.userLogin)),
      );
      await page.getByRole('button', { name: 'First page' }).click();
      await page.waitForURL((url) => !url.search.includes('after='));
      await eventually(logins, async () => (await firstPage()).edges.map((edge) => edge.node.userLogin));
    }
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 90_000);

  it('shows a row per monitored channel on the tracker view', async () => {
    const page = await harness.loggedInPage('/tracker');
    await page.getByTestId('monitored-row').first().waitFor();
    const sorted = (values: (string | null)[]) => [...values].sort();
    // The view polls every 15 s; the tracker's channels can change between two reads.
    await eventually(
      async () => sorted(await attributes(page, 'monitored-row', 'data-login')),
      async () =>
        sorted(
          (
            await harness.graphql<{ monitoredChannels: { login: string }[] }>(
              '{ monitoredChannels { login } }',
            )
          ).monitoredChannels.map((channel) => channel.login),
        ),
      40_000,
    );
    await harness.screenshot(page, 'tracker');
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 90_000);
});
