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
  let settled: { since: string; until: string };
  let rangeQuery: string;

  beforeAll(async () => {
    harness = await DashboardHarness.start();
    // A range no migration is stored into any more: the page and the API must agree on it exactly.
    settled = await harness.settledRange(30);
    rangeQuery = new URLSearchParams({ range: 'custom', ...settled }).toString();
    const { migrationGraph } = await harness.graphql<{
      migrationGraph: { nodes: Array<{ channel: string }> };
    }>(
      'query($since: DateTime, $until: DateTime) { migrationGraph(since: $since, until: $until, limit: 1000) { nodes { channel } } }',
      settled,
    );
    channel = migrationGraph.nodes[0]!.channel;
  }, 420_000);

  afterAll(async () => {
    await harness?.stop();
  }, 60_000);

  it('shows the flows and migrations the API gives for the range of the page, and pages through them', async () => {
    // The direction with more migrations, so that there is a second page to turn to where one exists.
    const count = async (filter: Record<string, string>) =>
      (await harness.graphql<MigrationPage>(MIGRATIONS, { ...filter, ...settled, first: 1 })).migrations
        .totalCount;
    const inward = (await count({ toChannel: channel })) > (await count({ fromChannel: channel }));
    const filter = inward ? { toChannel: channel } : { fromChannel: channel };

    const page = await harness.loggedInPage(`/channels/${channel}?${rangeQuery}`);
    if (inward) await page.getByRole('button', { name: 'Came from', exact: true }).click();
    const range = await shownRange(page);
    expect(range).toEqual(settled);
    await page.locator(`[data-testid="flows"][data-until="${range.until}"]`).waitFor({ timeout: 15_000 });
    const total = page.locator(`[data-testid="migrations-total"][data-until="${range.until}"]`);
    await total.waitFor({ timeout: 15_000 });
    const { channelFlows } = await harness.graphql<{
      channelFlows: { incoming: FlowEdge[]; outgoing: FlowEdge[] };
    }>(CHANNEL_FLOWS, { channel, ...range, limit: FLOWS_LIMIT });
    const first = await harness.graphql<MigrationPage>(MIGRATIONS, { ...filter, ...range, first: PAGE_SIZE });
    const expected = {
      in: channelFlows.incoming.map((edge) => ({ channel: edge.from, count: edge.count })),
      out: channelFlows.outgoing.map((edge) => ({ channel: edge.to, count: edge.count })),
      totalCount: first.migrations.totalCount,
      ids: first.migrations.edges.map((edge) => edge.node.id),
    };
    // The rows of the tab asked for, once its answer is in.
    if (expected.ids.length > 0)
      await page
        .locator(`[data-testid="migration-row"][data-id="${expected.ids[0]}"]`)
        .waitFor({ timeout: 15_000 });
    const shown = {
      in: await shownFlows(page, 'in'),
      out: await shownFlows(page, 'out'),
      totalCount: Number(await total.getAttribute('data-count')),
      ids: await shownMigrationIds(page),
    };
    expect(shown).toEqual(expected);
    expect(first.migrations.totalCount).toBeGreaterThan(0);
    await harness.screenshot(page, 'channel');

    const next = page.getByRole('button', { name: 'Next page', exact: true });
    const { endCursor, hasNextPage } = first.migrations.pageInfo;
    if (!hasNextPage) {
      expect(await next.isDisabled()).toBe(true);
    } else {
      await next.click();
      await page.waitForURL((url) => url.searchParams.get('after') === endCursor);
      const second = await harness.graphql<MigrationPage>(MIGRATIONS, {
        ...filter,
        ...range,
        first: PAGE_SIZE,
        after: endCursor,
      });
      const expectedIds = second.migrations.edges.map((edge) => edge.node.id);
      await page
        .locator(`[data-testid="migration-row"][data-id="${expectedIds[0]}"]`)
        .waitFor({ timeout: 15_000 });
      const shownIds = await shownMigrationIds(page);
      expect(shownIds).toEqual(expectedIds);
      expect(shownIds).not.toContain(first.migrations.edges[0]!.node.id);
      await page.getByRole('button', { name: 'First page', exact: true }).click();
      await page.waitForURL((url) => !url.searchParams.has('after'));
      await page.getByTestId('migration-row').first().waitFor();
    }

    await page.getByRole('link', { name: 'Back to the map' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/map' && url.searchParams.get('until') === settled.until,
    );
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

    const viewer = await harness.loggedInPage(`/channels/${channel}?${rangeQuery}`);
    await viewer
      .getByTestId('monitoring')
      .getByText(/Monitored since|Not monitored now/)
      .waitFor();
    expect(await viewer.getByRole('button', { name: /Pin channel|Unpin channel/ }).count()).toBe(0);
    expect(harness.problems(viewer)).toEqual({ consoleErrors: [], outsideRequests: [] });

    const page = await harness.loggedInPage(`/channels/${channel}?${rangeQuery}`, 'simadmin');
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
