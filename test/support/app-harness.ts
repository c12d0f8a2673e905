import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { Clock, ManualClock } from '../../src/common/clock';
import { createHttpAdapter, type HttpApplication } from '../../src/common/http/http-adapter';
import { RedactingLogger } from '../../src/common/redacting-logger';
import { configuredSecrets } from '../../src/config';
import { TwitchSimulator } from '../../src/simulator/simulator-server';
import type { SimulatorOptions } from '../../src/simulator/simulator-server';

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A migration as the API returns it (`migrations`, `migrationRecorded`). */
export interface MigrationJson {
  id: string;
  userLogin: string;
  fromChannel: string;
  toChannel: string;
  leftAt: string;
  joinedAt: string;
  viaRaid: boolean;
  source: string;
}

export interface AppHarness {
  app: INestApplication;
  simulator: TwitchSimulator;
  clock: ManualClock;
  url: string;
  /** A token of `simadmin`, an administrator in every harness. */
  adminToken: string;
  /** GraphQL as the administrator. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real application module over real HTTP, pointed at a simulator of the test's own (manual clock),
 * exactly as `TWURPLE_MOCK_API_PORT` points a deployed service at a standalone simulator.
 */
export interface StartAppOptions {
  /** Run the app on the simulator's manual clock (the tracker then moves with `clock`). */
  shareClock?: boolean;
  /** Run the app on this clock instead (a process whose time the test stops, say). */
  appClock?: Clock;
  /** Use this running simulator (its owner closes it) instead of starting one; its clock is `clock`. */
  simulator?: TwitchSimulator;
}

/** Settings, or a function of the started simulator (to hand the app tokens it issued). */
export type HarnessEnv = Record<string, string> | ((simulator: TwitchSimulator) => Record<string, string>);

export async function startApp(
  env: HarnessEnv = {},
  simulatorOptions: Partial<SimulatorOptions> = {},
  options: StartAppOptions = {},
): Promise<AppHarness> {
  const ownSimulator = options.simulator === undefined;
  const clock = ownSimulator
    ? new ManualClock(Date.UTC(2026, 10, 22, 12))
    : (options.simulator!.clock as ManualClock);
  const simulator = options.simulator ?? new TwitchSimulator({ seed: 7, clock, ...simulatorOptions });
  const simulatorPort = ownSimulator ? await simulator.listen() : simulator.port!;
  const port = await freePort();
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: 'sqlite::memory:',
    STREAMS_REFRESH_ON_START: 'false',
    PORT: String(port),
    HOST: '127.0.0.1',
    TWURPLE_MOCK_API_PORT: String(simulatorPort),
    ADMIN_LOGINS: 'simadmin',
    // Suites that test the tracker turn it on; the others keep their data to themselves.
    TRACKER_ENABLED: 'false',
    ...(typeof env === 'function' ? env(simulator) : env),
  });
  let started: INestApplication | undefined;
  try {
    const builder = Test.createTestingModule({
      imports: [AppModule.forRoot({ embeddedSimulator: false })],
    });
    if (options.appClock) builder.overrideProvider(Clock).useValue(options.appClock);
    else if (options.shareClock) builder.overrideProvider(Clock).useValue(clock);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication<HttpApplication>(createHttpAdapter(), {
      logger: new RedactingLogger(configuredSecrets(), { logLevels: ['error', 'warn'] }),
    });
    app.enableShutdownHooks();
    started = app;
    await app.listen(port, '127.0.0.1');
    const url = `http://127.0.0.1:${port}`;
    const adminToken = (await logIn(url, simulator, 'simadmin')).accessToken;
    return {
      app,
      simulator,
      clock,
      url,
      adminToken,
      graphql: (query, variables) => graphql(url, query, variables, adminToken),
      async close() {
        try {
          await app.close();
        } finally {
          if (ownSimulator) await simulator.close();
          process.env = saved;
        }
      },
    };
  } catch (error) {
    // A failure after the app started (the administrator's login) must not leave it running.
    await started?.close();
    if (ownSimulator) await simulator.close();
    process.env = saved;
    throw error;
  }
}

/** A top-streams snapshot taken now, as an administrator would ask for one; its id. */
export async function refreshTopStreams(harness: AppHarness): Promise<string> {
  const refreshed = await harness.graphql<{ refreshTopStreams: { id: string } }>(
    'mutation { refreshTopStreams { id } }',
  );
  if (refreshed.errors) throw new Error(`refreshTopStreams failed: ${JSON.stringify(refreshed.errors)}`);
  return refreshed.data!.refreshTopStreams.id;
}

export interface LoginResponse {
  status: number;
  body: { accessToken: string; tokenType: string; expiresIn: number; user: Record<string, unknown> } & {
    message?: string;
  };
}

export interface LoginOptions {
  tamper?: (callback: URL) => void | Promise<void>;
  asModerator?: boolean;
  /** `/auth/twitch?reader=true`: an administrator lends their account to read chat as. */
  asReader?: boolean;
  /** `/auth/twitch?returnTo=`: the page the callback sends the browser to. */
  returnTo?: string;
}

/**
 * Follows the real redirects of the login, as a browser would, carrying the state cookie, and returns the
 * callback's answer as it is (not followed when it redirects).
 */
export async function logInThroughCallback(url: string, options: LoginOptions = {}): Promise<Response> {
  const query = new URLSearchParams();
  if (options.asModerator) query.set('moderator', 'true');
  if (options.asReader) query.set('reader', 'true');
  if (options.returnTo !== undefined) query.set('returnTo', options.returnTo);
  const start = await fetch(`${url}/auth/twitch${query.size > 0 ? `?${query.toString()}` : ''}`, {
    redirect: 'manual',
  });
  if (start.status !== 302) throw new Error(`/auth/twitch answered ${start.status}: ${await start.text()}`);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
  const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location')!);
  await options.tamper?.(callback);
  return fetch(callback, { headers: { cookie }, redirect: 'manual' });
}

/** The login as JSON (started without returnTo). */
export async function logInRaw(
  url: string,
  options: Omit<LoginOptions, 'returnTo'> = {},
): Promise<LoginResponse> {
  const response = await logInThroughCallback(url, options);
  return { status: response.status, body: (await response.json()) as LoginResponse['body'] };
}

export async function logIn(
  url: string,
  simulator: TwitchSimulator,
  login: string,
): Promise<LoginResponse['body']> {
  simulator.setNextLogin(login);
  const { status, body } = await logInRaw(url);
  if (status !== 200) throw new Error(`Login as ${login} failed with ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** POSTs a GraphQL operation and returns the parsed body. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlResponse<T>;
}
