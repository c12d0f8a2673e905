import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { waitFor } from '../support/wait-for';
import { DashboardHarness, describeBrowser } from './support/dashboard-harness';

/**
 * Types `query` into GraphiQL's editor and waits until GraphiQL has taken it: it parses the editor 100 ms
 * after the last key, storing the query (as `graphiql:query`) in the same step.
 */
async function typeQuery(page: Page, query: string): Promise<void> {
  await page.locator('.graphiql-query-editor .CodeMirror').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(query);
  // Polled from here: waitForFunction polls inside the page with eval, which the page's CSP refuses.
  await waitFor(
    async () => (await page.evaluate("localStorage.getItem('graphiql:query')")) === query,
    'GraphiQL to store the typed query',
  );
}

describeBrowser('the dashboard in Chromium: login, security headers, GraphiQL offline', () => {
  let harness: DashboardHarness;

  beforeAll(async () => {
    harness = await DashboardHarness.start();
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('serves the page with a strict CSP and immutable hashed assets', async () => {
    const page = await fetch(`${harness.baseUrl}/map`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|unsafe-eval|\*/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(html).not.toMatch(/<script>|https?:\/\//);
    const asset = await fetch(`${harness.baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // An API client asking for JSON still gets the API's own answers.
    const unknown = await fetch(`${harness.baseUrl}/map`, { headers: { accept: 'application/json' } });
    expect(unknown.status).toBe(404);
  });

  it('logs in through the consent page, shows me, and logs out', async () => {
    const { me } = await harness.graphql<{ me: { login: string; displayName: string } }>(
      '{ me { login displayName } }',
    );
    const page = await harness.loggedInPage('/tracker');
    await page.getByTestId('me-login').filter({ hasText: me.displayName }).waitFor();
    // The token came back in the fragment, which is gone from the address bar and never reached a server.
    expect(page.url()).toBe(`${harness.baseUrl}/tracker`);
    await page.getByText(/token expires in (59|60) min/).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in with Twitch' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Log in with Twitch' }).waitFor();
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 60_000);

  it('sends the person to log in again when the API refuses the token', async () => {
    const page = await harness.loggedInPage('/tracker');
    // A token of the right shape that the service did not sign: the API answers UNAUTHENTICATED.
    await page.evaluate(`(() => {
      const stored = JSON.parse(sessionStorage.getItem('tmt.session'));
      const [header, payload] = stored.token.split('.');
      sessionStorage.setItem('tmt.session', JSON.stringify({ ...stored, token: header + '.' + payload + '.forged' }));
    })()`);
    await page.reload();
    await page.getByRole('link', { name: 'Log in with Twitch' }).waitFor({ timeout: 15_000 });
    expect(harness.problems(page).outsideRequests).toEqual([]);
  }, 60_000);

  it('opens GraphiQL at /graphql with the login of the dashboard and runs { me { login } } offline', async () => {
    const page = await harness.loggedInPage('/stats');
    await page.goto(`${harness.baseUrl}/graphql`);
    await page.locator('.graphiql-container').waitFor({ timeout: 15_000 });
    await typeQuery(page, '{ me { login } }');
    await page.keyboard.press('Control+Enter');
    await page
      .locator('.graphiql-response', { hasText: '"login": "simviewer"' })
      .waitFor({ timeout: 15_000 });
    await harness.screenshot(page, 'graphiql');
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 60_000);

  it('runs a subscription in GraphiQL over the WebSocket with the same login', async () => {
    const page = await harness.loggedInPage('/stats');
    await page.goto(`${harness.baseUrl}/graphql`);
    await typeQuery(page, 'subscription { migrationRecorded { id fromChannel toChannel } }');
    await page.keyboard.press('Control+Enter');
    // Migrations become final about 100 s after their leave; the first one pushed shows up in the response.
    await page
      .locator('.graphiql-response', { hasText: '"migrationRecorded"' })
      .waitFor({ timeout: 200_000 });
    const shown = await page.locator('.graphiql-response').textContent();
    const id = /"id": "([^"]+)"/.exec(shown ?? '')?.[1];
    expect(id).toBeDefined();
    const { migrations } = await harness.graphql<{ migrations: { edges: { node: { id: string } }[] } }>(
      '{ migrations(first: 100) { edges { node { id } } } }',
    );
    expect(migrations.edges.map((edge) => edge.node.id)).toContain(id);
    expect(harness.problems(page)).toEqual({ consoleErrors: [], outsideRequests: [] });
  }, 240_000);
});
