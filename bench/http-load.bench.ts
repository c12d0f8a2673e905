import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { freePort, logInRaw } from '../test/support/app-harness';
import { type SqlTarget, sqlTargets } from '../test/support/sql-test-database';
import { type BenchSection, benchDatabase, median, ms } from './bench-utils';

/** The streamStats figures the issue measured, in one request (`%SOURCE%` is replaced). */
const STATS_QUERY =
  '{ streamStats(source: %SOURCE%) { totalStreams medianViewers oddViewerStreams evenViewerStreams ' +
  'duplicateViewerStreams games(limit: 1000) { gameId gameName streamCount maxViewers } } }';
const TOP_STREAMS_FIELDS = 'id userLogin userName gameId gameName title viewerCount language startedAt';

export const QUERIES = [
  { label: '`{ __typename }`', query: '{ __typename }' },
  { label: '`streamStats` MEMORY', query: STATS_QUERY.replace('%SOURCE%', 'MEMORY') },
  { label: '`streamStats` DATABASE', query: STATS_QUERY.replace('%SOURCE%', 'DATABASE') },
  {
    label: '`topStreams(limit: 100, order: ASC)`',
    query: `{ topStreams(limit: 100, order: ASC) { ${TOP_STREAMS_FIELDS} } }`,
  },
  {
    label: '`topStreams(limit: 100, order: DESC)`',
    query: `{ topStreams(limit: 100, order: DESC) { ${TOP_STREAMS_FIELDS} } }`,
  },
];

/**
 * The built service (dist/src/main.js) in a child process on a free port of 127.0.0.1, fetching a snapshot of
 * the top 1,000 streams at start-up; `env` adds to or overrides that.
 */
export async function spawnBuiltService(
  env: Record<string, string>,
  main = join(__dirname, '..', 'src', 'main.js'),
  nodeOptions: readonly string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeOptions, main], {
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

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** The service's CPU time (user + system) per answered request. */
  cpuMsPerRequest: number;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU milliseconds (user + system) the process has used so far, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Loads `service` with `query` from 10 connections for `seconds`. */
export async function load(
  service: Pick<RunningService, 'child' | 'url' | 'token'>,
  query: string,
  seconds: number,
): Promise<LoadResult> {
  const cpuBefore = cpuMsOf(service.child.pid!);
  const result = await autocannon({
    url: `${service.url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` },
    body: JSON.stringify({ query }),
    connections: 10,
    duration: seconds,
  });
  const cpuMs = cpuMsOf(service.child.pid!) - cpuBefore;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuMsPerRequest: cpuMs / Math.max(1, result.requests.total),
  };
}

export interface RunningService {
  build: string;
  child: ChildProcess;
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * One build's service on its own database of `target`, with its first snapshot and a signed-in token;
 * `nodeOptions` go to its node (`--cpu-prof`, say).
 */
export async function startService(
  build: Build,
  target: SqlTarget,
  nodeOptions: readonly string[] = [],
): Promise<RunningService> {
  const database = await benchDatabase(target, `http-${build.name.replace(/\W+/g, '-')}`);
  const { child, url } = await spawnBuiltService(
    // The tracker would add its own rounds to the CPU figures: these measure the request path alone.
    { NODE_ENV: 'production', DATABASE_URL: database.url, TRACKER_ENABLED: 'false' },
    build.main,
    nodeOptions,
  );
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await database.drop();
  };
  try {
    await waitForSnapshot(url, child);
    const login = await logInRaw(url);
    if (login.status !== 200) throw new Error(`Login failed: ${JSON.stringify(login.body)}`);
    return { build: build.name, child, url, token: login.body.accessToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A built checkout: `dist/src/main.js` of this one, or of another commit's (`--before=<checkout>`). */
export interface Build {
  name: string;
  main: string;
}

/** `--before=<dir>`: a checkout of another commit with its `npm ci && npm run build` done, measured alongside. */
export function buildsToCompare(argv: readonly string[]): Build[] {
  const builds = [{ name: 'this build', main: join(__dirname, '..', 'src', 'main.js') }];
  const before = argv.find((arg) => arg.startsWith('--before='))?.slice('--before='.length);
  if (!before) return builds;
  const main = resolve(before, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`--before: ${main} does not exist (build that checkout first)`);
  const commit = execFileSync('git', ['-C', before, 'rev-parse', '--short', 'HEAD']).toString().trim();
  return [{ name: `before (${commit})`, main }, ...builds];
}

interface Summary {
  rps: number;
  p50: number;
  p99: number;
  cpu: number;
  errors: number;
}

function summarize(runs: readonly LoadResult[]): Summary {
  return {
    rps: median(runs.map((r) => r.requestsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpu: median(runs.map((r) => r.cpuMsPerRequest)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * The built service(s) in child processes, each on its own database of every SQL target that is set,
 * loaded from this process by autocannon. Rounds interleave queries and builds, so the machine's drift
 * hits all alike; the figures are medians over the rounds.
 */
export async function benchHttpLoad(options: {
  rounds: number;
  seconds: number;
  builds: readonly Build[];
}): Promise<BenchSection> {
  const { rounds, seconds, builds } = options;
  const rows: string[] = [];
  for (const target of sqlTargets()) {
    const services: RunningService[] = [];
    try {
      for (const build of builds) services.push(await startService(build, target));
      for (const service of services) for (const { query } of QUERIES) await load(service, query, 2);
      const results = new Map<string, LoadResult[]>();
      for (let round = 0; round < rounds; round += 1) {
        for (const { label, query } of QUERIES) {
          for (const service of services) {
            const key = `${label}|${service.build}`;
            results.set(key, [...(results.get(key) ?? []), await load(service, query, seconds)]);
          }
        }
      }
      for (const { label } of QUERIES) {
        const first = summarize(results.get(`${label}|${services[0].build}`)!);
        for (const service of services) {
          const r = summarize(results.get(`${label}|${service.build}`)!);
          const ratio = service === services[0] ? '' : `${(r.rps / first.rps).toFixed(2)}×`;
          rows.push(
            `| ${target.name} | ${label} | ${service.build} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ` +
              `${ms(r.cpu)} | ${r.errors} | ${ratio} |`,
          );
        }
      }
    } finally {
      await Promise.all(services.map((service) => service.stop()));
    }
  }
  return {
    title: 'Requests over HTTP under load',
    lines: [
      `autocannon, 10 connections, ${rounds} interleaved rounds of ${seconds} s per query and build, medians; ` +
        'every request carries a JWT. Each service runs in production mode in its own process with the ' +
        'embedded simulator, a 1,000-stream snapshot and the tracker off, on its own database. CPU = the ' +
        "service process's user + system time per answered request. `streamStats` asks for the five figures " +
        'and `games(limit: 1000) { gameId gameName streamCount maxViewers }`.',
      '',
      '| database | query | build | requests/s | p50 ms | p99 ms | CPU ms/request | errors | requests/s vs first build |',
      '|---|---|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      'Measured by `npm run bench -- --only=http [--before=<checkout of another commit, built>]`.',
    ],
  };
}
