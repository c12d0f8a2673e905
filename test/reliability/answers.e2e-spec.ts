import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { TwitchSimulator } from '../../src/simulator/simulator-server';
import { type AppHarness, type GraphqlResponse, startApp } from '../support/app-harness';
import { describeSqlServers } from '../support/sql-suites';
import { createScratchDatabase } from '../support/sql-test-database';
import { AnswerScan } from './answer-scan';
import { reportProbe } from './probe-report';

/**
 * Issue 8, items 1, 9, 10 and 11: what the service answers. The app runs as a "real Twitch" deployment
 * (a client id and secret of its own, so JWT_SECRET is required) still served by the test's simulator,
 * and every answer of the suite is scanned for the secrets.
 */
const CLIENT_ID = `answers-probe-${randomBytes(4).toString('hex')}`;
const CLIENT_SECRET = `answers-secret-${randomBytes(16).toString('hex')}`;
const JWT_SECRET = randomBytes(36).toString('base64url');
const SECRETS = [CLIENT_SECRET, JWT_SECRET];
const ISSUER = 'twitch-migration-tracker';
const AUDIENCE = 'twitch-migration-tracker-api';

function realTwitch(extra: Record<string, string> = {}) {
  return (simulator: TwitchSimulator) => {
    simulator.registerClient(CLIENT_ID, CLIENT_SECRET);
    return {
      TWITCH_CLIENT_ID: CLIENT_ID,
      TWITCH_CLIENT_SECRET: CLIENT_SECRET,
      JWT_SECRET,
      STREAMS_TOP_N: '150',
      ...extra,
    };
  };
}

/** What the process writes (Nest's logger writes to stdout and stderr), kept and passed on. */
class LogCapture {
  private readonly lines: string[] = [];
  private readonly original = { stdout: process.stdout.write, stderr: process.stderr.write };

  install(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const write = this.original[stream];
      process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (...args: unknown[]) => boolean).call(process[stream], chunk, ...rest);
      }) as typeof process.stdout.write;
    }
  }

  uninstall(): void {
    process.stdout.write = this.original.stdout;
    process.stderr.write = this.original.stderr;
  }

  /** What was written since `mark()` returned `from`. */
  since(from: number): string {
    return this.lines.slice(from).join('');
  }

  mark(): number {
    return this.lines.length;
  }
}

interface Answer {
  status: number;
  body: GraphqlResponse<Record<string, unknown>>;
}

async function post(
  harness: AppHarness,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = harness.adminToken,
): Promise<Answer> {
  const response = await fetch(`${harness.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const firstError = ({ status, body }: Answer) =>
  body.errors?.length
    ? `${status} ${body.errors[0].extensions?.code}: ${body.errors[0].message}`
    : `${status} no error`;

/** Starts a login and returns its state and cookie, as a browser holds them before the callback. */
async function startLogin(harness: AppHarness): Promise<{ state: string; cookie: string }> {
  const start = await fetch(`${harness.url}/auth/twitch`, { redirect: 'manual' });
  return {
    state: new URL(start.headers.get('location')!).searchParams.get('state')!,
    cookie: (start.headers.get('set-cookie') ?? '').split(';')[0],
  };
}

const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
const YEAR_MINUS_100 = { since: '-000100-01-01T00:00:00Z', until: '-000100-01-02T00:00:00Z' };
const RANGE = 'query($since: DateTime, $until: DateTime)';

/** Arguments that reached a database as they were (a 500 on some dialect); each must be BAD_USER_INPUT. */
function badInputs(snapshotId: () => string): [string, string, () => Record<string, unknown>][] {
  return [
    [
      'a migrations cursor [1e300,"1"]',
      'query($after: String) { migrations(after: $after) { totalCount } }',
      () => ({ after: 'WzFlMzAwLCIxIl0' }),
    ],
    [
      'a migrations cursor whose id is past INTEGER',
      'query($after: String) { migrations(after: $after) { totalCount } }',
      () => ({ after: cursor([Date.UTC(2026, 0, 1), '99999999999']) }),
    ],
    [
      'migrations in year -100',
      `${RANGE} { migrations(since: $since, until: $until) { totalCount } }`,
      () => YEAR_MINUS_100,
    ],
    [
      'migrationGraph in year -100',
      `${RANGE} { migrationGraph(since: $since, until: $until) { totalMigrations } }`,
      () => YEAR_MINUS_100,
    ],
    [
      'channelFlows in year -100',
      `${RANGE} { channelFlows(channel: "a", since: $since, until: $until) { channel } }`,
      () => YEAR_MINUS_100,
    ],
    [
      'viewerCounts in year -100',
      `${RANGE} { viewerCounts(channel: "a", since: $since, until: $until) { at } }`,
      () => YEAR_MINUS_100,
    ],
    [
      'migrations in year 10000',
      `${RANGE} { migrations(since: $since, until: $until) { totalCount } }`,
      () => ({ since: '+010000-01-01T00:00:00Z', until: '+010000-01-02T00:00:00Z' }),
    ],
    [
      'a streams cursor with a NUL in its stream id',
      'query($after: String) { streams(after: $after) { totalCount } }',
      () => ({ after: cursor([Number(snapshotId()), 1, '\u0000']) }),
    ],
    [
      'a gameId with a NUL',
      'query($gameId: ID) { streams(gameId: $gameId) { totalCount } }',
      () => ({ gameId: '\u0000' }),
    ],
  ];
}

function probeBadInputs(dialect: string, harness: () => AppHarness, snapshotId: () => string): void {
  it.each(badInputs(snapshotId))(
    `item 9: %s (${dialect}) is BAD_USER_INPUT`,
    async (name, query, variables) => {
      const answer = await post(harness(), query, variables());
      const code = answer.body.errors?.[0]?.extensions?.code;
      reportProbe({
        item: 9,
        probe: `${name} (${dialect})`,
        expected: 'BAD_USER_INPUT, HTTP < 500',
        observed: firstError(answer),
        pass: answer.status < 500 && code === 'BAD_USER_INPUT',
      });
      expect(answer.status).toBeLessThan(500);
      expect(code).toBe('BAD_USER_INPUT');
    },
  );
}

const scan = new AnswerScan();
const logs = new LogCapture();

beforeAll(() => {
  scan.install();
  logs.install();
});

afterAll(() => {
  logs.uninstall();
  const leaks = scan.finish('answers suite (HTTP, GraphQL, WebSocket; client secret, JWT secret)', SECRETS);
  expect(scan.scanned).toBeGreaterThan(50);
  expect(leaks).toEqual([]);
});

describe('answers of a real-Twitch deployment (SQLite)', () => {
  let harness: AppHarness;
  let snapshotId = '';
  const jwt = new JwtService({ secret: JWT_SECRET });
  const claims = { sub: '1', tid: '9000001', login: 'simadmin' };

  beforeAll(async () => {
    harness = await startApp(realTwitch());
  });

  afterAll(async () => {
    await harness?.close();
  });

  // First: the app token is fetched once and cached, so this must run before any successful refresh.
  it('item 1: refused app credentials reach neither the refresh answer nor /health', async () => {
    const from = logs.mark();
    harness.simulator.registerClient(CLIENT_ID, `rotated-${randomBytes(8).toString('hex')}`);
    let refresh: Answer;
    let health: string;
    try {
      refresh = await post(harness, 'mutation { refreshTopStreams { id } }');
      health = await (await fetch(`${harness.url}/health`)).text();
    } finally {
      harness.simulator.registerClient(CLIENT_ID, CLIENT_SECRET);
    }
    const logged = logs.since(from);
    const leaked = SECRETS.some((secret) => `${JSON.stringify(refresh.body)}${health}`.includes(secret));
    const code = refresh.body.errors?.[0]?.extensions?.code;
    reportProbe({
      item: 1,
      probe: 'refreshTopStreams while Twitch refuses the app credentials; then GET /health',
      expected: 'TWITCH_UNAVAILABLE naming the HTTP status; no secret in either answer',
      observed: `${firstError(refresh)}; /health ${leaked ? 'carries the secret' : 'carries no secret'}`,
      pass: code === 'TWITCH_UNAVAILABLE' && !leaked,
    });
    reportProbe({
      item: 1,
      probe: 'log lines of that refresh',
      expected: 'what Twitch said, with client_secret=[REDACTED]; never the secret',
      observed: SECRETS.some((secret) => logged.includes(secret))
        ? 'the secret is in the log'
        : logged.includes('client_secret=[REDACTED]')
          ? 'redacted token URL logged'
          : 'no token URL logged',
      pass: !SECRETS.some((secret) => logged.includes(secret)) && logged.includes('client_secret=[REDACTED]'),
    });
    expect(leaked).toBe(false);
    expect(code).toBe('TWITCH_UNAVAILABLE');
    expect(refresh.body.errors?.[0].message).toMatch(/HTTP 400 to \/token/);
    expect(SECRETS.filter((secret) => logged.includes(secret))).toEqual([]);
    expect(logged).toContain('client_secret=[REDACTED]');
  });

  it('item 1: a code Twitch refuses answers 401 without the client secret, and logs it redacted', async () => {
    const from = logs.mark();
    const { state, cookie } = await startLogin(harness);
    const response = await fetch(
      `${harness.url}/auth/twitch/callback?code=anything&state=${encodeURIComponent(state)}`,
      { headers: { cookie }, redirect: 'manual' },
    );
    const body = await response.text();
    const logged = logs.since(from);
    const leaked = SECRETS.some((secret) => body.includes(secret));
    reportProbe({
      item: 1,
      probe: 'GET /auth/twitch/callback?code=anything&state=<valid> with its cookie',
      expected: '401 without the client secret',
      observed: `${response.status} ${leaked ? 'with the client secret' : body.slice(0, 120)}`,
      pass: response.status === 401 && !leaked,
    });
    reportProbe({
      item: 1,
      probe: 'log lines of that login',
      expected: "Twitch's answer with client_secret=[REDACTED]; never the secret",
      observed: SECRETS.some((secret) => logged.includes(secret))
        ? 'the secret is in the log'
        : logged.includes('client_secret=[REDACTED]')
          ? 'redacted token URL logged'
          : 'no token URL logged',
      pass: !SECRETS.some((secret) => logged.includes(secret)) && logged.includes('client_secret=[REDACTED]'),
    });
    expect(response.status).toBe(401);
    expect(leaked).toBe(false);
    expect((JSON.parse(body) as { message: string }).message).toMatch(
      /^Twitch refused the authorization code \(HTTP 400\)/,
    );
    expect(SECRETS.filter((secret) => logged.includes(secret))).toEqual([]);
    expect(logged).toContain('client_secret=[REDACTED]');
  });

  it('item 9: a refresh that Twitch fails answers TWITCH_UNAVAILABLE with the status, not a 500', async () => {
    // @twurple retries a 5xx three times: four failures make the call fail.
    harness.simulator.failNext({ count: 4, status: 503, pathPrefix: '/streams' });
    const answer = await post(harness, 'mutation { refreshTopStreams { id } }');
    const error = answer.body.errors?.[0];
    const pass =
      error?.extensions?.code === 'TWITCH_UNAVAILABLE' &&
      /HTTP 503 to \/streams after 3 retries/.test(error.message);
    reportProbe({
      item: 9,
      probe: 'refreshTopStreams while Get Streams answers 503 four times',
      expected: 'TWITCH_UNAVAILABLE saying HTTP 503, retried',
      observed: firstError(answer),
      pass,
    });
    expect(error?.extensions?.code).toBe('TWITCH_UNAVAILABLE');
    expect(error?.message).toBe(
      'Fetching the top streams failed: Twitch answered HTTP 503 to /streams after 3 retries; ' +
        'the previous snapshot stays in service',
    );
  });

  describe('auth endpoints', () => {
    const cases: [string, () => Promise<Response>, number][] = [
      [
        'a state cookie that does not decode (%E0%A4%A)',
        async () => {
          const { state } = await startLogin(harness);
          return fetch(`${harness.url}/auth/twitch/callback?code=x&state=${encodeURIComponent(state)}`, {
            headers: { cookie: 'tmt_oauth_state=%E0%A4%A' },
            redirect: 'manual',
          });
        },
        401,
      ],
      [
        'callback?state=a&state=b',
        () => fetch(`${harness.url}/auth/twitch/callback?state=a&state=b`, { redirect: 'manual' }),
        400,
      ],
      [
        'callback with the code given twice',
        async () => {
          const { state, cookie } = await startLogin(harness);
          return fetch(
            `${harness.url}/auth/twitch/callback?code=x&code=y&state=${encodeURIComponent(state)}`,
            {
              headers: { cookie },
              redirect: 'manual',
            },
          );
        },
        400,
      ],
    ];

    it.each(cases)('item 9: %s', async (name, request, expected) => {
      const response = await request();
      const body = await response.text();
      reportProbe({
        item: 9,
        probe: `GET /auth/twitch/callback: ${name}`,
        expected: String(expected),
        observed: `${response.status} ${body.slice(0, 120)}`,
        pass: response.status === expected,
      });
      expect(response.status).toBe(expected);
    });
  });

  describe('tokens', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const tokens: [number, string, () => string][] = [
      [
        9,
        'a correctly signed JWT without a login claim',
        () => jwt.sign({ sub: '1', tid: '9000001' }, { issuer: ISSUER, audience: AUDIENCE, expiresIn: 600 }),
      ],
      [
        9,
        'a correctly signed JWT whose login is a number',
        () => jwt.sign({ ...claims, login: 7 }, { issuer: ISSUER, audience: AUDIENCE, expiresIn: 600 }),
      ],
      [
        10,
        'a correctly signed JWT without exp',
        () => jwt.sign(claims, { issuer: ISSUER, audience: AUDIENCE }),
      ],
      [
        10,
        'a correctly signed JWT issued an hour in the future',
        () =>
          jwt.sign({ ...claims, iat: now() + 3600 }, { issuer: ISSUER, audience: AUDIENCE, expiresIn: 600 }),
      ],
    ];

    it.each(tokens)('item %i: %s is UNAUTHENTICATED', async (item, name, token) => {
      const answer = await post(harness, '{ me { login } }', {}, token());
      const code = answer.body.errors?.[0]?.extensions?.code;
      reportProbe({
        item,
        probe: `{ me } with ${name}`,
        expected: 'UNAUTHENTICATED, HTTP < 500',
        observed: firstError(answer),
        pass: answer.status < 500 && code === 'UNAUTHENTICATED',
      });
      expect(answer.status).toBeLessThan(500);
      expect(code).toBe('UNAUTHENTICATED');
      expect(answer.body.data ?? null).toBeNull();
    });
  });

  describe('with a snapshot', () => {
    beforeAll(async () => {
      const refreshed = await post(harness, 'mutation { refreshTopStreams { id } }');
      expect(refreshed.body.errors).toBeUndefined();
      snapshotId = (refreshed.body.data?.refreshTopStreams as { id: string }).id;
    });

    probeBadInputs(
      'sqlite',
      () => harness,
      () => snapshotId,
    );

    const nulls: [string, string, (data: Record<string, unknown>) => boolean][] = [
      [
        'topStreams(limit: null)',
        '{ topStreams(limit: null) { id } }',
        (d) => (d.topStreams as unknown[]).length === 100,
      ],
      [
        'topStreams(order: null)',
        '{ topStreams(order: null, limit: 2) { viewerCount } }',
        (d) => {
          const [a, b] = d.topStreams as { viewerCount: number }[];
          return a.viewerCount >= b.viewerCount;
        },
      ],
      [
        'streams(first: null)',
        '{ streams(first: null) { edges { cursor } } }',
        (d) => (d.streams as { edges: unknown[] }).edges.length === 50,
      ],
      ['migrations(first: null)', '{ migrations(first: null) { totalCount } }', (d) => d.migrations !== null],
      [
        'migrationGraph(limit: null, minCount: null)',
        '{ migrationGraph(limit: null, minCount: null) { totalMigrations } }',
        (d) => d.migrationGraph !== null,
      ],
      [
        'channelFlows(limit: null)',
        '{ channelFlows(channel: "a", limit: null) { channel } }',
        (d) => d.channelFlows !== null,
      ],
    ];

    it.each(nulls)('item 11: %s means the default', async (name, query, check) => {
      const answer = await post(harness, query);
      const pass = !answer.body.errors && !!answer.body.data && check(answer.body.data);
      reportProbe({
        item: 11,
        probe: name,
        expected: 'the default, as if left out',
        observed: answer.body.errors
          ? firstError(answer)
          : pass
            ? 'the default'
            : JSON.stringify(answer.body.data).slice(0, 100),
        pass,
      });
      expect(answer.body.errors).toBeUndefined();
      expect(pass).toBe(true);
    });

    it('item 11: a null filter of streams is no filter', async () => {
      const all = await post(harness, '{ streams { totalCount } }');
      const nulls = await post(
        harness,
        '{ streams(viewerCount: null, gameId: null, parity: null) { totalCount } }',
      );
      const total = (answer: Answer) =>
        (answer.body.data?.streams as { totalCount: number } | undefined)?.totalCount;
      reportProbe({
        item: 11,
        probe: 'streams(viewerCount: null, gameId: null, parity: null)',
        expected: `every stream (${total(all)})`,
        observed: nulls.body.errors ? firstError(nulls) : `${total(nulls)} streams`,
        pass: total(nulls) === total(all) && total(all) === 150,
      });
      expect(total(all)).toBe(150);
      expect(total(nulls)).toBe(150);
    });

    it('item 11: one message for every integer out of range', async () => {
      const outOfRange = [
        '{ topStreams(limit: 0) { id } }',
        '{ streams(first: 101) { totalCount } }',
        '{ streams(viewerCount: -1) { totalCount } }',
        '{ migrations(first: 0) { totalCount } }',
        '{ migrationGraph(limit: 1001) { totalMigrations } }',
        '{ migrationGraph(minCount: 0) { totalMigrations } }',
        '{ channelFlows(channel: "a", limit: 201) { channel } }',
        '{ streamStats { games(limit: 0) { gameId } } }',
        '{ streamStats { duplicateGroups(limit: 1001) { viewerCount } } }',
      ];
      const messages = await Promise.all(
        outOfRange.map(async (query) => (await post(harness, query)).body.errors?.[0]?.message ?? 'no error'),
      );
      const style = /^[a-zA-Z]+ must be an integer (from -?\d+ to \d+|at least -?\d+); got -?\d+$/;
      const odd = messages.filter((message) => !style.test(message));
      reportProbe({
        item: 11,
        probe: `${outOfRange.length} limits out of range on topStreams, streams, migrations, migrationGraph, channelFlows, streamStats`,
        expected: '"<arg> must be an integer from <min> to <max>; got <value>"',
        observed: odd.length ? `${odd.length} other messages, e.g. "${odd[0]}"` : 'one message style',
        pass: odd.length === 0,
      });
      expect(odd).toEqual([]);
    });
  });
});

describe('production mode', () => {
  it.each(['prod', 'Production'])('item 10: NODE_ENV=%s stops start-up naming NODE_ENV', async (value) => {
    const outcome = await startApp(realTwitch({ NODE_ENV: value })).then(
      async (harness) => {
        await harness.close();
        return 'started';
      },
      (error: Error) => error.message,
    );
    reportProbe({
      item: 10,
      probe: `NODE_ENV=${value}`,
      expected: 'start-up stops naming NODE_ENV',
      observed: outcome,
      pass: /NODE_ENV/.test(outcome),
    });
    expect(outcome).toMatch(/Invalid setting NODE_ENV: expected one of development, production, test/);
  });

  describe('NODE_ENV=production', () => {
    let harness: AppHarness;

    beforeAll(async () => {
      harness = await startApp(realTwitch({ NODE_ENV: 'production' }));
    });

    afterAll(async () => {
      await harness?.close();
    });

    const hidden: [string, string, Record<string, unknown>][] = [
      ['a misspelled field', '{ topStream { id } }', {}],
      ['a misspelled argument', '{ topStreams(limt: 1) { id } }', {}],
      [
        'a misspelled enum value in a variable',
        'query($s: StatsSource) { streamStats(source: $s) { totalStreams } }',
        { s: 'MEMOR' },
      ],
    ];

    it.each(hidden)('item 10: %s gets no "Did you mean"', async (name, query, variables) => {
      const answer = await post(harness, query, variables);
      const message = answer.body.errors?.[0]?.message ?? '';
      reportProbe({
        item: 10,
        probe: `production: ${name}`,
        expected: 'an error without suggestions',
        observed: message,
        pass: message !== '' && !/Did you mean/.test(message),
      });
      expect(message).not.toBe('');
      expect(message).not.toMatch(/Did you mean/);
    });

    it('item 10: no introspection and no GraphiQL over HTTP', async () => {
      const introspection = await post(harness, '{ __schema { queryType { name } } }');
      const page = await fetch(`${harness.url}/graphql`, { headers: { accept: 'text/html' } });
      const html = await page.text();
      const pass = !introspection.body.data && !/graphiql/i.test(html);
      reportProbe({
        item: 10,
        probe: 'production: __schema over HTTP; GET /graphql as a browser',
        expected: 'refused; no GraphiQL page',
        observed: `${firstError(introspection)}; page ${page.status}${/graphiql/i.test(html) ? ' is GraphiQL' : ''}`,
        pass,
      });
      expect(introspection.body.data ?? null).toBeNull();
      expect(introspection.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(html).not.toMatch(/graphiql/i);
    });

    it('item 10: no introspection over WebSocket either', async () => {
      const client = createClient({
        url: `${harness.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${harness.adminToken}` },
        retryAttempts: 0,
      });
      const outcome = await new Promise<string>((resolve) => {
        client.subscribe(
          { query: '{ __schema { queryType { name } } }' },
          {
            next: (result) => {
              scan.record(JSON.stringify(result));
              resolve(result.data ? 'answered the schema' : JSON.stringify(result.errors));
            },
            error: (errors) => {
              scan.record(JSON.stringify(errors));
              resolve(`refused: ${JSON.stringify(errors)}`);
            },
            complete: () => resolve('completed'),
          },
        );
      });
      await client.dispose();
      reportProbe({
        item: 10,
        probe: 'production: __schema over graphql-ws',
        expected: 'refused',
        observed: outcome.slice(0, 160),
        pass: outcome.startsWith('refused'),
      });
      expect(outcome).toMatch(/^refused: .*GRAPHQL_VALIDATION_FAILED/);
    });
  });
});

describeSqlServers('bad input', (target) => {
  let harness: AppHarness;
  let drop: () => Promise<void>;
  let snapshotId = '';

  beforeAll(async () => {
    const scratch = await createScratchDatabase(target);
    drop = scratch.drop;
    harness = await startApp(realTwitch({ DATABASE_URL: scratch.url }));
    const refreshed = await post(harness, 'mutation { refreshTopStreams { id } }');
    expect(refreshed.body.errors).toBeUndefined();
    snapshotId = (refreshed.body.data?.refreshTopStreams as { id: string }).id;
  });

  afterAll(async () => {
    await harness?.close();
    await drop?.();
  });

  probeBadInputs(
    target.name,
    () => harness,
    () => snapshotId,
  );
});
