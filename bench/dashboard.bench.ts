import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Logger } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { SystemClock } from '../src/common/clock';
import { parseDatabaseUrl } from '../src/config';
import { backfillGraphRollups } from '../src/database/migrations/0005-create-graph-rollups';
import { migrateSchema } from '../src/database/schema-migrator';
import { createSequelize } from '../src/database/sequelize-options';
import { SimulatorWorld } from '../src/simulator/simulator-world';
import { logInRaw } from '../test/support/app-harness';
import { chromiumPath, launchChromium } from '../test/support/chromium';
import { type BenchSection, median } from './bench-utils';
import { spawnBuiltService, waitForSnapshot } from './http-load.bench';
import { buildEdgeHours } from './migration-graph-data';

const logger = new Logger('DashboardBench');
const HOUR = 3_600_000;
/** The simulated world the service runs (seed and size), whose channels the stored migrations name. */
const WORLD_SEED = 5;
const CHANNELS = 1000;
/** Each channel's edges go to the channels this far ahead of it (mod CHANNELS): 5 distinct edges each. */
const EDGE_OFFSETS = [1, 7, 31, 127, 503] as const;
const WEB_DIST = join(__dirname, '..', '..', 'web', 'dist');
const MAP_PATH = '/map?limit=1000&range=24h';

/** Migrations of one edge: 1 to 24, so that the 1,000 largest of the 5,000 edges are a real choice. */
function edgeCount(channel: number, edge: number): number {
  return 1 + ((channel * 7919 + edge * 104_729) % 24);
}

/** 'YYYY-MM-DD HH:MM:SS.mmm +00:00': how Sequelize stores a Date in SQLite. */
function sqliteTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 23)} +00:00`;
}

/**
 * A graph of CHANNELS channels and CHANNELS × 5 edges over the last 23 hours, stored as single migrations
 * (then the hourly buckets and rollups built from them, as the adapter would have), in a SQLite file.
 */
async function loadGraph(url: string): Promise<{ migrations: number; edges: number }> {
  const world = new SimulatorWorld(new SystemClock(), { seed: WORLD_SEED, channels: CHANNELS });
  const logins = [...world.channels].sort((a, b) => b.audience - a.audience).map((c) => c.login);
  const sequelize = createSequelize({ ...parseDatabaseUrl(url), logging: false });
  try {
    await migrateSchema(sequelize);
    const endMs = Date.now() - 10 * 60_000;
    const rows: unknown[][] = [];
    let edges = 0;
    for (let channel = 0; channel < CHANNELS; channel += 1) {
      EDGE_OFFSETS.forEach((offset, edge) => {
        edges += 1;
        const count = edgeCount(channel, edge);
        for (let n = 0; n < count; n += 1) {
          const joined = endMs - ((rows.length * 7_654_321) % (23 * HOUR));
          rows.push([
            `viewer${rows.length}`,
            logins[channel],
            logins[(channel + offset) % CHANNELS],
            sqliteTimestamp(joined - 30_000),
            sqliteTimestamp(joined),
            0,
            'CHATTERS',
          ]);
        }
      });
    }
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      await sequelize.query(
        'INSERT INTO migrations (user_login, from_channel, to_channel, left_at, joined_at, via_raid, source) VALUES ' +
          chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', '),
        { replacements: chunk.flat() },
      );
    }
    await buildEdgeHours(sequelize);
    await backfillGraphRollups(sequelize.getQueryInterface());
    return { migrations: rows.length, edges };
  } finally {
    await sequelize.close();
  }
}

/** The scripts index.html loads at once (its module scripts, their modulepreloads and static imports): bytes, gzipped. */
export function initialScripts(dist = WEB_DIST): { files: { name: string; bytes: number; gzip: number }[] } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const queue = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g),
  ].map((match) => match[1]);
  const seen = new Set<string>();
  const files: { name: string; bytes: number; gzip: number }[] = [];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const code = readFileSync(join(dist, name));
    files.push({ name, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length });
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy.
    for (const match of code.toString('utf8').matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) {
      queue.push(join(name, '..', match[1]));
    }
  }
  return { files };
}

/** The lazily loaded chunk of the map (map-body: sigma, graphology, the layout): bytes, gzipped. */
function mapChunk(dist = WEB_DIST): { name: string; bytes: number; gzip: number } | undefined {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  if (!entry) return undefined;
  const name = /assets\/map-body-[\w-]+\.js/.exec(readFileSync(join(dist, entry), 'utf8'))?.[0];
  if (!name) return undefined;
  const code = readFileSync(join(dist, name));
  return { name, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** What the functions run in the page use (the bench compiles without the DOM library). */
interface BrowserGlobals {
  requestAnimationFrame(callback: () => void): number;
  sessionStorage: { setItem(key: string, value: string): void };
  __frames?: { frames: number; running: boolean };
}

interface Drawn {
  ms: number;
  nodes: number;
  edges: number;
}

/** Loads the map anew and reads when sigma's first frame was drawn (performance.now(), from navigation start). */
async function loadMap(page: Page, base: string): Promise<Drawn> {
  await page.goto(base + MAP_PATH);
  const canvas = page.locator('[data-testid="map-canvas"][data-drawn-at]');
  await canvas.waitFor({ timeout: 60_000 });
  const summary = page.locator('[data-testid="map-summary"]');
  return {
    ms: Number(await canvas.getAttribute('data-drawn-at')),
    nodes: Number(await summary.getAttribute('data-nodes')),
    edges: Number(await summary.getAttribute('data-edges')),
  };
}

/** Frames per second while the map is dragged back and forth for `seconds` (requestAnimationFrame callbacks). */
async function panFps(page: Page, seconds: number): Promise<number> {
  const box = (await page.locator('[data-testid="map-canvas"]').boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.evaluate(() => {
    const page = globalThis as unknown as BrowserGlobals;
    const counter = { frames: 0, running: true };
    page.__frames = counter;
    const tick = () => {
      counter.frames += 1;
      if (counter.running) page.requestAnimationFrame(tick);
    };
    page.requestAnimationFrame(tick);
  });
  const start = Date.now();
  await page.mouse.move(x, y);
  await page.mouse.down();
  let step = 0;
  while (Date.now() - start < seconds * 1000) {
    step += 1;
    const phase = (step % 60) / 60;
    await page.mouse.move(
      x + Math.sin(phase * 2 * Math.PI) * box.width * 0.3,
      y + Math.cos(phase * 2 * Math.PI) * 80,
    );
  }
  await page.mouse.up();
  const elapsed = Date.now() - start;
  const frames = await page.evaluate(() => {
    const counter = (globalThis as unknown as BrowserGlobals).__frames!;
    counter.running = false;
    return counter.frames;
  });
  return (frames * 1000) / elapsed;
}

/**
 * The dashboard's migration map with 1,000 channels and 5,000 edges stored: the built service on that
 * SQLite file, `/map?limit=1000&range=24h` in headless Chromium (software WebGL), time to the first
 * frame of the map (median of `loads`), frames per second while panning, and the initial JavaScript.
 */
export async function benchDashboard(options: { loads: number; panSeconds: number }): Promise<BenchSection> {
  const scripts = initialScripts();
  const totalGzip = scripts.files.reduce((sum, file) => sum + file.gzip, 0);
  const totalBytes = scripts.files.reduce((sum, file) => sum + file.bytes, 0);
  const map = mapChunk();
  const lines: string[] = [
    `Initial JavaScript of the dashboard (what \`web/dist/index.html\` loads at once: its module script, modulepreloads and their static imports; gzip level 9): ` +
      `**${(totalGzip / 1024).toFixed(1)} KiB gzipped** (${(totalBytes / 1024).toFixed(0)} KiB raw) in ${scripts.files.length} files` +
      ` (${scripts.files.map((file) => `\`${file.name}\` ${(file.gzip / 1024).toFixed(1)} KiB`).join(', ')}).` +
      (map
        ? ` The map's own chunk (sigma.js, graphology, ForceAtlas2), fetched when /map opens, in parallel with the map's query: ${(map.gzip / 1024).toFixed(1)} KiB gzipped.`
        : ''),
    '',
  ];
  if (!existsSync(chromiumPath)) {
    lines.push(`No Chromium at ${chromiumPath}: the map itself was not measured.`);
    return { title: 'Dashboard: migration map', lines };
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'tmt-dashboard-'));
  const url = `sqlite:${join(dataDir, 'dashboard.sqlite')}`;
  logger.log(`Loading ${CHANNELS} channels and ${CHANNELS * EDGE_OFFSETS.length} edges into ${url}`);
  const stored = await loadGraph(url);
  const { child, url: base } = await spawnBuiltService({
    DATABASE_URL: url,
    TRACKER_ENABLED: 'false',
    SIMULATOR_SEED: String(WORLD_SEED),
    SIMULATOR_CHANNELS: String(CHANNELS),
  });
  const browser = await launchChromium();

  try {
    await waitForSnapshot(base, child);
    const login = await logInRaw(base);
    if (login.status !== 200) throw new Error(`Login failed: ${JSON.stringify(login.body)}`);
    const token = login.body.accessToken;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/nothing-here`);
    await page.evaluate((jwt) => {
      const payload = JSON.parse(atob(jwt.split('.')[1])) as { exp: number };
      (globalThis as unknown as BrowserGlobals).sessionStorage.setItem(
        'tmt.session',
        JSON.stringify({ token: jwt, expiresAt: payload.exp * 1000 }),
      );
    }, token);
    // One unmeasured load fills the HTTP cache, like a returning visitor's.
    await loadMap(page, base);
    const loads: Drawn[] = [];
    for (let run = 0; run < options.loads; run += 1) {
      loads.push(await loadMap(page, base));
      logger.log(`Load ${run + 1}: drawn after ${loads.at(-1)!.ms.toFixed(0)} ms`);
    }
    const fps = await panFps(page, options.panSeconds);
    logger.log(`Panning: ${fps.toFixed(1)} frames per second`);
    if (errors.length) throw new Error(`The page logged errors: ${errors.join('; ')}`);
    const drawn = loads[0];
    lines.push(
      `The built service on a SQLite file holding ${CHANNELS.toLocaleString('en')} channels and ` +
        `${stored.edges.toLocaleString('en')} edges (${stored.migrations.toLocaleString('en')} migrations over the last 23 h; ` +
        `simulator seed ${WORLD_SEED} with ${CHANNELS} channels, STREAMS_TOP_N=1000, tracker off), ` +
        `\`${MAP_PATH}\` in headless Chromium (\`--disable-gpu\`: WebGL by SwiftShader, in software), viewport 1400 × 900, logged in. ` +
        `The map draws the ${drawn.edges.toLocaleString('en')} largest edges between ${drawn.nodes.toLocaleString('en')} channels ` +
        '(the API gives at most 1,000 edges).',
      '',
      '| measure | value |',
      '|---|---:|',
      `| navigation → map drawn (first sigma frame after the query and the ForceAtlas2 layout), median of ${options.loads} loads | ${median(loads.map((l) => l.ms)).toFixed(0)} ms |`,
      `| the same, fastest / slowest | ${Math.min(...loads.map((l) => l.ms)).toFixed(0)} / ${Math.max(...loads.map((l) => l.ms)).toFixed(0)} ms |`,
      `| frames per second while dragging the map for ${options.panSeconds} s (requestAnimationFrame callbacks) | ${fps.toFixed(1)} |`,
      '',
      'Software WebGL on a shared 2-core machine: a real GPU draws far faster; the figures compare runs on this machine.',
    );
    return { title: 'Dashboard: migration map', lines };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
