import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type BenchSection, median, ms } from './bench-utils';

const TRIVIAL = '{ __typename }';
const STREAM_STATS = `{ streamStats { source totalStreams medianViewers oddViewerStreams evenViewerStreams
  duplicateViewerStreams snapshot { id takenAt streamCount } games(limit: 10) { gameId gameName streamCount maxViewers totalViewers } } }`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForSnapshot(url: string, child: ChildProcess): Promise<void> {
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

async function load(url: string, query: string, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tmt-bench-'));
  const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      DATABASE_URL: `sqlite:${join(dataDir, 'bench.sqlite')}`,
      STREAMS_TOP_N: '1000',
      STREAMS_REFRESH_ON_START: 'true',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForSnapshot(url, child);
    await load(url, TRIVIAL, 2);
    await load(url, STREAM_STATS, 2);
    const trivial: LoadResult[] = [];
    const stats: LoadResult[] = [];
    // Interleaved rounds, so drift in the machine's load hits both queries alike.
    for (let round = 0; round < rounds; round += 1) {
      trivial.push(await load(url, TRIVIAL, seconds));
      stats.push(await load(url, STREAM_STATS, seconds));
    }
    const summary = (results: LoadResult[]) => ({
      rps: median(results.map((r) => r.requestsPerSecond)),
      p50: median(results.map((r) => r.p50)),
      p99: median(results.map((r) => r.p99)),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    });
    const a = summary(trivial);
    const b = summary(stats);
    const costRatio = a.rps / b.rps;
    return {
      title: '`streamStats` over HTTP under load',
      lines: [
        `autocannon, 10 connections, ${rounds} interleaved rounds of ${seconds} s per query, medians; the service ` +
          'runs the embedded default (SQLite, 1000-stream snapshot, cached MEMORY statistics) in its own process.',
        '',
        '| query | requests/s | p50 ms | p99 ms | errors |',
        '|---|---:|---:|---:|---:|',
        `| \`${TRIVIAL}\` | ${a.rps.toFixed(0)} | ${ms(a.p50)} | ${ms(a.p99)} | ${a.errors} |`,
        `| \`streamStats\` (12 fields + 10 games) | ${b.rps.toFixed(0)} | ${ms(b.p50)} | ${ms(b.p99)} | ${b.errors} |`,
        '',
        `Cost of a cached \`streamStats\` relative to the trivial query (requests/s ratio): **${costRatio.toFixed(2)}×** ` +
          `(target ≤ 1.2×: ${costRatio <= 1.2 ? 'met' : 'NOT met'}).`,
      ],
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
