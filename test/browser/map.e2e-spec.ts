import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { waitFor } from '../support/wait-for';
import { DashboardHarness, describeBrowser } from './support/dashboard-harness';

interface GraphAnswer {
  migrationGraph: {
    totalMigrations: number;
    nodes: { channel: string; incoming: number; outgoing: number }[];
    edges: { from: string; to: string; count: number }[];
  };
}

const GRAPH = `query($since: DateTime, $until: DateTime, $minCount: Int, $limit: Int) {
  migrationGraph(since: $since, until: $until, minCount: $minCount, limit: $limit) {
    totalMigrations nodes { channel incoming outgoing } edges { from to count }
  }
}`;

interface Summary {
  since: string;
  until: string;
  nodes: number;
  edges: number;
  total: number;
}

/** The summary once the answer for the map's present arguments is in (aria-busy false). */
async function readSummary(page: Page, minCount = 1): Promise<Summary> {
  const summary = page.locator(
    `[data-testid="map-summary"][aria-busy="false"][data-min-count="${minCount}"]`,
  );
  await summary.waitFor({ timeout: 30_000 });
  const attribute = async (name: string) => (await summary.getAttribute(name)) ?? '';
  return {
    since: await attribute('data-since'),
    until: await attribute('data-until'),
    nodes: Number(await attribute('data-nodes')),
    edges: Number(await attribute('data-edges')),
    total: Number(await attribute('data-total')),
  };
}

describeBrowser('the migration map in Chromium', () => {
  let harness: DashboardHarness;
  let range: { since: string; until: string };

  beforeAll(async () => {
    harness = await DashboardHarness.start();
    // A range no migration is stored into any more: the page and the API must agree on it exactly.
    range = await harness.settledRange(20);
  }, 420_000);

  afterAll(async () => {
    await harness?.stop();
  });

  /** The page's counts against the API's for the very range the page asked for (a settled one). */
  async function expectMapMatchesApi(page: Page, minCount: number, limit = 200): Promise<GraphAnswer> {
    const shown = await readSummary(page, minCount);
    expect({ since: shown.since, until: shown.until }).toEqual(range);
    const api = await harness.graphql<GraphAnswer>(GRAPH, { ...range, minCount, limit });
    expect({ nodes: shown.nodes, edges: shown.edges, total: shown.total }).toEqual({
      nodes: api.migrationGraph.nodes.length,
      edges: api.migrationGraph.edges.length,
      total: api.migrationGraph.totalMigrations,
    });
    return api;
  }

  it('draws the API graph, follows minCount from the toolbar, and opens a clicked channel', async () => {
    const path = `/map?${new URLSearchParams({ range: 'custom', ...range, minCount: '1' }).toString()}`;
    const page = await harness.loggedInPage(path);
    const canvas = page.locator('[data-testid="map-canvas"][data-drawn-at]');
    await canvas.waitFor({ timeout: 30_000 });

    const first = await expectMapMatchesApi(page, 1);
    expect(first.migrationGraph.edges.length).toBeGreaterThan(0);
    await harness.screenshot(page, 'map');

    // Hovering the busiest channel shows its figures as the API gives them.
    const box = (await canvas.boundingBox())!;
    const position = async () => ({
      login: (await canvas.getAttribute('data-busiest')) ?? '',
      x: box.x + Number(await canvas.getAttribute('data-busiest-x')),
      y: box.y + Number(await canvas.getAttribute('data-busiest-y')),
    });
    const hovered = await position();
    const busiest = first.migrationGraph.nodes.find((node) => node.channel === hovered.login);
    expect(busiest).toBeDefined();
    const panel = page.getByTestId('map-hover');
    const figure = (label: string) =>
      panel.locator(`dt:has-text("${label}") + dd`).textContent({ timeout: 1_000 });
    // Hovered again at the node's current place on each try: on a loaded machine the layout may still move it.
    await waitFor(
      async () => {
        const { login, x, y } = await position();
        await page.mouse.move(x, y);
        return (
          login === hovered.login &&
          (await figure('Joined from others')) === busiest!.incoming.toLocaleString('en-US') &&
          (await figure('Left to others')) === busiest!.outgoing.toLocaleString('en-US')
        );
      },
      `the hover panel of ${hovered.login} with its API figures`,
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    await page.mouse.move(box.x + 2, box.y + 2);

    // minCount through the toolbar: the URL and the drawn graph follow.
    const minCount = 2;
    const field = page.getByLabel('Min. migrations per edge');
    await field.fill(String(minCount));
    await field.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('minCount') === String(minCount));
    expect(new URL(page.url()).searchParams.get('range')).toBe('custom');
    const second = await expectMapMatchesApi(page, minCount);
    expect(second.migrationGraph.edges.every((edge) => edge.count >= minCount)).toBe(true);

    if (second.migrationGraph.edges.length > 0) {
      // A click on the busiest channel opens its panel; Back returns to the same map.
      await canvas.waitFor({ timeout: 30_000 });
      const target = await position();
      const mapUrl = page.url();
      // Whichever channel is under the pointer there (nodes may overlap) is the one a click opens.
      await page.mouse.move(target.x, target.y);
      const hovered = page.locator('[data-testid="map-hover"][data-channel]');
      await hovered.waitFor({ timeout: 10_000 });
      const login = (await hovered.getAttribute('data-channel'))!;
      expect(second.migrationGraph.nodes.map((node) => node.channel)).toContain(login);
      await page.mouse.click(target.x, target.y);
      await page.waitForURL((url) => url.pathname === `/channels/${login}`, { timeout: 10_000 });
      await page.goBack();
      await page.waitForURL(mapUrl);
      await page.getByTestId('map-summary').waitFor();
    }

    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 300_000);

  it('says so when a range holds no migrations', async () => {
    const page = await harness.loggedInPage(
      '/map?range=custom&since=2020-01-01T00:00:00.000Z&until=2020-01-02T00:00:00.000Z',
    );
    await page.getByText('No migrations in this range').waitFor({ timeout: 30_000 });
    const shown = await readSummary(page);
    expect(shown).toMatchObject({ nodes: 0, edges: 0, total: 0 });
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 120_000);
});
