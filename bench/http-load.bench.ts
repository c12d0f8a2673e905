import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, logInRaw } from '../test/support/app-harness';
import { type BenchSection, median, ms } from './bench-utils';

const QUERIES = [
  { label: '`{ __typename }`', query: '{ __typename }' },
  {
    label: '`streamStats` figures (5 numbers)',
    query:
      '{ streamStats { totalStreams medianViewers oddViewerStreams evenViewerStreams duplicateViewerStreams } }',
  },
  {
    label: '`streamStats` figures + snapshot + top 10 games (61 fields)',
    query: `{ streamStats { source totalStreams medianViewers oddViewerStreams evenViewerStreams duplicateViewerStreams
      snapshot { id takenAt streamCount } games(limit: 10) { gameId gameName streamCount maxViewers totalViewers } } }`,
  },
];

/**
 * The built service (dist/src/main.js) in a child process on a free port of 127.0.0.1, fetching a snapshot of
 * the top 1,000 streams at start-up; `env` adds to or overrides that.
 */
export async function spawnBuiltService(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STREAMS_TOP_N: '1000',
      STREAMS_REFRESH_ON_START: 'true',
      ...env,
    },
    stdio: 'ignore',
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Waits until the service in `child` has published its first snapshot (its /health says so). */
export async function waitForSnapshot(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The service exited with code ${child.exitCode}`);
    try {
      const health = (await (await fetch(`${url}/health`)).json()) as {
        topStreams?: { latestSnapshotId: number | null };
      };
      if (health.topStreams?.latestSnapshotId) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('No snapshot within 60 s');
}

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, token: string, query: string, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    connections: 10,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** The built service in a child process (embedded default), loaded from this process: one core each. */
export async function benchHttpLoad(rounds: number, seconds: number): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmt-bench-'));
  const { child, url } = await spawnBuiltService({
    NODE_ENV: 'production',
    DATABASE_URL: `sqlite:${join(dataDir, 'bench.sqlite')}`,
  });
  try {
    await waitForSnapshot(url, child);
    const login = await logInRaw(url);
    if (login.status !== 200) throw new Error(`Login failed: ${JSON.stringify(login.body)}`);
    const token = login.body.accessToken;
    for (const { query } of QUERIES) await load(url, token, query, 2);
    const results: LoadResult[][] = QUERIES.map(() => []);
    // Interleaved rounds, so drift in the machine's load hits every query alike.
    for (let round = 0; round < rounds; round += 1) {
      for (const [i, { query }] of QUERIES.entries()) results[i].push(await load(url, token, query, seconds));
    }
    const summaries = results.map((runs) => ({
      rps: median(runs.map((r) => r.requestsPerSecond)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
    }));
    const baseline = summaries[0].rps;
    return {
      title: '`streamStats` over HTTP under load',
      lines: [
        `autocannon, 10 connections, ${rounds} interleaved rounds of ${seconds} s per query, medians; every request ` +
          'carries a JWT. The service runs the embedded default (SQLite, 1000-stream snapshot, cached MEMORY ' +
          'statistics) in its own process. Cost = requests/s of the trivial query ÷ requests/s of the query.',
        '',
        '| query | requests/s | p50 ms | p99 ms | errors | cost vs trivial |',
        '|---|---:|---:|---:|---:|---:|',
        ...QUERIES.map(({ label }, i) => {
          const r = summaries[i];
          return `| ${label} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} | ${(baseline / r.rps).toFixed(2)}× |`;
        }),
        '',
        'Target: a cached `streamStats` costs at most 1.2× the trivial query.',
      ],
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
