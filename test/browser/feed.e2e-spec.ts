import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DashboardHarness, describeBrowser } from './support/dashboard-harness';

interface Node {
  id: string;
  userLogin: string;
  fromChannel: string;
  toChannel: string;
}

describeBrowser('the live feed in Chromium', () => {
  let harness: DashboardHarness;

  beforeAll(async () => {
    harness = await DashboardHarness.start();
    // The first migrations become final a few minutes (of the sped-up world) after start; the feed then
    // shows those stored after it opens.
    await harness.waitForMigrations(1, 180_000);
  }, 300_000);

  afterAll(async () => {
    await harness?.stop();
  }, 60_000);

  it('shows each migration as the tracker stores it, as the API then returns it', async () => {
    const page = await harness.loggedInPage('/feed');
    // Until a migration is stored the feed says it is waiting (one may come first on a busy machine).
    await page.getByText('Waiting for migrations').or(page.getByTestId('feed-row').first()).waitFor();
    const row = page.getByTestId('feed-row').first();
    await row.waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="feed-status"][data-status="connected"]').waitFor({ timeout: 60_000 });
    // Id and cells in one read: between two locator calls a migration stored meanwhile is first. A string
    // expression, as in dashboard.e2e: a function given to locator.evaluate hung under the page's CSP.
    const { id, cells } = (await page.evaluate(`(() => {
      const row = document.querySelector('[data-testid="feed-row"]');
      return { id: row.dataset.id, cells: Array.from(row.cells, (cell) => cell.textContent) };
    })()`)) as { id: string; cells: string[] };

    // Looked up by user and both channels, so the one shown is on the first page however many that user made
    // (the newest stored is not always among the newest by joinedAt).
    const [user, fromChannel, toChannel] = [cells[1], ...cells[2].split(' → ')];
    const { migrations } = await harness.graphql<{ migrations: { edges: Array<{ node: Node }> } }>(
      `query($user: String, $from: String, $to: String) {
        migrations(userLogin: $user, fromChannel: $from, toChannel: $to, first: 100) {
          edges { node { id userLogin fromChannel toChannel } }
        }
      }`,
      { user, from: fromChannel, to: toChannel },
    );
    const nodes = migrations.edges.map((edge) => edge.node);
    expect(nodes.map((node) => node.id)).toContain(id);
    const stored = nodes.find((node) => node.id === id);
    expect(cells[1]).toBe(stored!.userLogin);
    expect(cells[2]).toBe(`${stored!.fromChannel} → ${stored!.toChannel}`);
    await harness.screenshot(page, 'feed');

    // A channel filter is a new subscription with an empty list, kept in the URL.
    // Enter submits the form as the Filter button does; a click waits for the button to hold still, which a
    // feed re-rendering for every migration on a loaded machine did not grant within 30 s (CI on Node 22).
    await page.getByLabel('Channel').fill(stored!.fromChannel);
    await page.getByLabel('Channel').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('channel') === stored!.fromChannel);
    await page
      .getByTestId('feed-status')
      .getByText(`only migrations out of or into ${stored!.fromChannel}`)
      .waitFor();
    // The status line names the filter once its subscription replaced the list: an old row would show now.
    expect(await page.locator(`[data-testid="feed-row"][data-id="${id}"]`).count()).toBe(0);
    for (const text of await page.getByTestId('feed-row').locator('td:nth-child(3)').allTextContents())
      expect(text.split(' → ')).toContain(stored!.fromChannel);
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 150_000);
});
