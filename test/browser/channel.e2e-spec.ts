import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DashboardHarness, describeBrowser } from './support/dashboard-harness';

interface Flow {
  channel: string;
  count: number;
}

interface FlowEdge {
  from: string;
  to: string;
  count: number;
}

interface MigrationPage {
  migrations: {
    totalCount: number;
    edges: Array<{ node: { id: string } }>;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

const PAGE_SIZE = 20;
const FLOWS_LIMIT = 20;

const CHANNEL_FLOWS = `query($channel: String!, $since: DateTime, $until: DateTime, $limit: Int) {
  channelFlows(channel: $channel, since: $since, until: $until, limit: $limit) {
    incoming { from to count }
    outgoing { from to count }
  }
}`;

const MIGRATIONS = `query($fromChannel: String, $toChannel: String, $since: DateTime, $until: DateTime, $first: Int, $after: String) {
  migrations(fromChannel: $fromChannel, toChannel: $toChannel, since: $since, until: $until, first: $first, after: $after) {
    totalCount
    edges { node { id } }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** The rows of one flow list as the page shows them: each row's channel and count, in order. */
async function shownFlows(page: Page, direction: 'in' | 'out'): Promise<Flow[]> {
  return page.evaluate<Flow[]>(
    `[...document.querySelectorAll('[data-testid="flow-${direction}"]')].map((row) => ({
      channel: row.dataset.channel,
      count: Number(row.dataset.count),
    }))`,
  );
}

async function shownMigrationIds(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(
    `[...document.querySelectorAll('[data-testid="migration-row"]')].map((row) => row.dataset.id)`,
  );
}

/** The range the page resolved its preset to, as its caption records it. */
async function shownRange(page: Page): Promise<{ since: string; until: string }> {
  const caption = page.getByTestId('range');
  return {
    since: (await caption.getAttribute('data-since'))!,
    until: (await caption.getAttribute('data-until'))!,
  };
}

describeBrowser('the channel panel in Chromium', () => {
  let harness: DashboardHarness;
  let channel: string;

  beforeAll(async () => {
    harness = await DashboardHarness.start();
    await harness.waitForMigrations(30, 150_000);
    const { migrationGraph } = await harness.graphql<{
      migrationGraph: { nodes: Array<{ channel: string }> };
    }>('{ migrationGraph(limit: 1000) { nodes { channel } } }');
    channel = migrationGraph.nodes[0]!.channel;
  }, 240_000);

  afterAll(async () => {
    await harness?.stop();
  }, 60_000);

  it('shows the flows and migrations the API gives for the range of the page, and pages through them', async () => {
    // The direction with more migrations, so that there is a second page to turn to where one exists.
    const lastHour = {
      since: new Date(Date.now() - 3_600_000).toISOString(),
      until: new Date().toISOString(),
    };
    const count = async (filter: Record<string, string>) =>
      (await harness.graphql<MigrationPage>(MIGRATIONS, { ...filter, ...lastHour, first: 1 })).migrations
        .totalCount;
    const inward = (await count({ toChannel: channel })) > (await count({ fromChannel: channel }));
    const filter = inward ? { toChannel: channel } : { fromChannel: channel };

    const page = await harness.loggedInPage(`/channels/${channel}?range=1h`);
    if (inward) await page.getByRole('button', { name: 'Came from', exact: true }).click();
    // Migrations become final a little after they happen, so one that joined before the page's end of range
    // can be stored between the page's queries and ours: compare again after a refresh, a few times at most.
    let shown: unknown;
    let expected: unknown;
    let first: MigrationPage | undefined;
    let range = { since: '', until: '' };
    for (let tries = 0; tries < 4; tries++) {
      if (tries > 0) {
        await page.waitForTimeout(500);
        await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      }
      range = await shownRange(page);
      expect(Date.parse(range.until) - Date.parse(range.since)).toBe(3_600_000);
      await page.locator(`[data-testid="flows"][data-until="${range.until}"]`).waitFor({ timeout: 15_000 });
      const total = page.locator(`[data-testid="migrations-total"][data-until="${range.until}"]`);
      await total.waitFor({ timeout: 15_000 });
      shown = {
        in: await shownFlows(page, 'in'),
        out: await shownFlows(page, 'out'),
        totalCount: Number(await total.getAttribute('data-count')),
        ids: await shownMigrationIds(page),
      };
      const { channelFlows } = await harness.graphql<{
        channelFlows: { incoming: FlowEdge[]; outgoing: FlowEdge[] };
      }>(CHANNEL_FLOWS, { channel, ...range, limit: FLOWS_LIMIT });
      first = await harness.graphql<MigrationPage>(MIGRATIONS, { ...filter, ...range, first: PAGE_SIZE });
      expected = {
        in: channelFlows.incoming.map((edge) => ({ channel: edge.from, count: edge.count })),
        out: channelFlows.outgoing.map((edge) => ({ channel: edge.to, count: edge.count })),
        totalCount: first.migrations.totalCount,
        ids: first.migrations.edges.map((edge) => edge.node.id),
      };
      if (JSON.stringify(shown) === JSON.stringify(expected)) break;
    }
    expect(shown).toEqual(expected);
    expect(first!.migrations.totalCount).toBeGreaterThan(0);
    await harness.screenshot(page, 'channel');

    const next = page.getByRole('button', { name: 'Next page', exact: true });
    const { endCursor, hasNextPage } = first!.migrations.pageInfo;
    if (!hasNextPage) {
      expect(await next.isDisabled()).toBe(true);
    } else {
      await next.click();
      await page.waitForURL((url) => url.searchParams.get('after') === endCursor);
      let shownIds: string[] = [];
      let expectedIds: string[] = [];
      for (let tries = 0; tries < 3; tries++) {
        if (tries > 0) await page.reload();
        range = await shownRange(page);
        await page.locator(`[data-testid="migrations-total"][data-until="${range.until}"]`).waitFor();
        await page.getByTestId('migration-row').first().waitFor();
        shownIds = await shownMigrationIds(page);
        const second = await harness.graphql<MigrationPage>(MIGRATIONS, {
          ...filter,
          ...range,
          first: PAGE_SIZE,
          after: endCursor,
        });
        expectedIds = second.migrations.edges.map((edge) => edge.node.id);
        if (shownIds[0] === expectedIds[0]) break;
      }
      expect(shownIds[0]).toBe(expectedIds[0]);
      expect(shownIds).not.toContain(first!.migrations.edges[0]!.node.id);
      await page.getByRole('button', { name: 'First page', exact: true }).click();
      await page.waitForURL((url) => !url.searchParams.has('after'));
      await page.getByTestId('migration-row').first().waitFor();
    }

    await page.getByRole('link', { name: 'Back to the map' }).click();
    await page.waitForURL((url) => url.pathname === '/map' && url.searchParams.get('range') === '1h');
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 120_000);

  it('lets an administrator pin and unpin the channel, and hides the buttons from others', async () => {
    const monitored = async () =>
      (
        await harness.graphql<{ monitoredChannels: Array<{ login: string; pinned: boolean }> }>(
          '{ monitoredChannels { login pinned } }',
        )
      ).monitoredChannels.find((entry) => entry.login === channel);
    expect((await monitored())?.pinned ?? false).toBe(false);

    const viewer = await harness.loggedInPage(`/channels/${channel}?range=1h`);
    await viewer
      .getByTestId('monitoring')
      .getByText(/Monitored since|Not monitored now/)
      .waitFor();
    expect(await viewer.getByRole('button', { name: /Pin channel|Unpin channel/ }).count()).toBe(0);
    expect(harness.problems(viewer)).toEqual({ consoleErrors: [], outsideRequests: [] });

    const page = await harness.loggedInPage(`/channels/${channel}?range=1h`, 'simadmin');
    await page.getByRole('button', { name: 'Pin channel', exact: true }).click();
    await page.getByRole('button', { name: 'Unpin channel', exact: true }).waitFor({ timeout: 15_000 });
    await page.getByTestId('pinned').waitFor();
    expect((await monitored())?.pinned).toBe(true);

    await page.getByRole('button', { name: 'Unpin channel', exact: true }).click();
    await page.getByRole('button', { name: 'Pin channel', exact: true }).waitFor({ timeout: 15_000 });
    expect((await monitored())?.pinned ?? false).toBe(false);
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 120_000);
});
