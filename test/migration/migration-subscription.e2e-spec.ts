import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService, type JwtSignOptions } from '@nestjs/jwt';
import type { FormattedExecutionResult } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MigrationEventsService } from '../../src/migration/migration-events.service';
import { TrackerService } from '../../src/tracker/tracker.service';
import { type AppHarness, logIn, type MigrationJson } from '../support/app-harness';
import { asModerator, runTrackerMinutes, startTrackingApp } from '../support/tracking-app';
import { waitFor } from '../support/wait-for';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256-0123456789';
const ISSUER = 'twitch-migration-tracker';
const AUDIENCE = 'twitch-migration-tracker-api';
const SIMULATED_MINUTES = 30;
/** Channels watched by filtered subscriptions: the top of the snapshot, where migrations are likeliest. */
const FILTERED_CHANNELS = 6;

const FIELDS = 'id userLogin fromChannel toChannel leftAt joinedAt viaRaid source';
const SUBSCRIPTION = `subscription($channel: String) { migrationRecorded(channel: $channel) { ${FIELDS} } }`;

type Migration = MigrationJson;

interface Closed {
  code: number;
  reason: string;
}

/** A graphql-ws client that reports how its connection ended and never reconnects on its own. */
function connect(harness: AppHarness, connectionParams?: Record<string, unknown>) {
  let closed: Closed | null = null;
  let connected = false;
  const client: Client = createClient({
    url: `${harness.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: {
      connected: () => {
        connected = true;
      },
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closed = { code, reason: String(reason) };
      },
    },
    // A refused connection is reported through `closed`; keep it out of the test log.
    onNonLazyError: () => undefined,
  });
  return {
    client,
    closed: async (): Promise<Closed> => {
      await waitFor(() => closed !== null, 'the connection to close');
      return closed!;
    },
    connected: () => waitFor(() => connected, 'the connection to be acknowledged'),
    isClosed: () => closed !== null,
    /** The one result of a query sent over this connection. */
    query: (query: string) =>
      new Promise<FormattedExecutionResult<Record<string, unknown>, unknown>>((resolve, reject) => {
        let result: FormattedExecutionResult<Record<string, unknown>, unknown> | undefined;
        client.subscribe(
          { query },
          { next: (value) => (result = value), error: reject, complete: () => resolve(result!) },
        );
      }),
  };
}

/** Everything a subscription delivers, until disposed. */
function subscribe(client: Client, variables: Record<string, unknown> = {}) {
  const results: FormattedExecutionResult<{ migrationRecorded: Migration }, unknown>[] = [];
  let done = false;
  const dispose = client.subscribe<{ migrationRecorded: Migration }>(
    { query: SUBSCRIPTION, variables },
    {
      next: (result) => results.push(result),
      error: () => {
        done = true;
      },
      complete: () => {
        done = true;
      },
    },
  );
  return {
    results,
    migrations: () => results.map((r) => r.data!.migrationRecorded),
    done: () => waitFor(() => done, 'the subscription to end'),
    dispose,
  };
}

describe('migrationRecorded subscription (e2e)', () => {
  let harness: AppHarness;
  const jwt = new JwtService({ secret: SECRET });
  const claims = { sub: '1', tid: '9000001', login: 'simviewer' };
  /** The service's time (the harness's clock), in the seconds tokens count in. */
  const nowSeconds = () => Math.floor(harness.clock.now() / 1000);
  /** Signs `claims` as issued now by the service's clock, with `options` over the service's issuer. */
  const sign = (options: JwtSignOptions, payload: object = { ...claims, iat: nowSeconds() }) =>
    jwt.sign(payload, { issuer: ISSUER, audience: AUDIENCE, ...options });
  const opened: Client[] = [];
  const open = (params?: Record<string, unknown>) => {
    const connection = connect(harness, params);
    opened.push(connection.client);
    return connection;
  };

  beforeAll(async () => {
    harness = await startTrackingApp({
      channels: 20,
      env: (simulator) => ({ JWT_SECRET: SECRET, ...asModerator(simulator) }),
    });
  }, 60_000);

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.dispose()));
  });

  afterAll(async () => {
    await harness?.close();
  });

  describe('refuses the connection (4403) without a valid token', () => {
    const refused: [string, () => Record<string, unknown> | undefined, RegExp][] = [
      ['no connection params', () => undefined, /Bearer token is required/],
      ['no token in them', () => ({ other: 'x' }), /Bearer token is required/],
      ['a malformed token', () => ({ Authorization: 'Bearer not.a.jwt' }), /^Forbidden: /],
      ['a header that is not Bearer', () => ({ Authorization: 'Basic abc' }), /^Forbidden: /],
      [
        'an expired token',
        () => ({
          Authorization: `Bearer ${sign({}, { ...claims, iat: nowSeconds() - 60, exp: nowSeconds() - 10 })}`,
        }),
        /expired/,
      ],
      [
        'a token signed with another secret',
        () => ({
          token: new JwtService({ secret: `${SECRET}-other` }).sign(claims, {
            issuer: ISSUER,
            audience: AUDIENCE,
            expiresIn: 600,
          }),
        }),
        /signature/,
      ],
      [
        'a token for another audience',
        () => ({
          authorization: `Bearer ${sign({ audience: 'x', expiresIn: 600 })}`,
        }),
        /audience/,
      ],
    ];

    it.each(refused)('%s', async (_name, params, reason) => {
      const connection = open(params());
      const closed = await connection.closed();
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/^Forbidden/);
      expect(closed.reason).toMatch(reason);
    });
  });

  it('accepts the token as Authorization, authorization or a bare token, for any signed-in user', async () => {
    const viewer = (await logIn(harness.url, harness.simulator, 'simviewer')).accessToken;
    for (const params of [
      { Authorization: `Bearer ${harness.adminToken}` },
      { authorization: `Bearer ${viewer}` },
      { token: viewer },
    ]) {
      await open(params).connected();
    }
  });

  it('keeps the connection until its token expires on the service clock, then closes it', async () => {
    const lifeMs = 120_000;
    const shortLived = sign({ expiresIn: lifeMs / 1000 });
    const connection = open({ Authorization: `Bearer ${shortLived}` });
    await connection.connected();
    harness.clock.advance(lifeMs - 1_000);
    // A query answered over the connection after the close would have been sent: it is still open.
    await expect(connection.query('{ __typename }')).resolves.toEqual({ data: { __typename: 'Query' } });
    expect(connection.isClosed()).toBe(false);
    harness.clock.advance(1_000);
    expect(await connection.closed()).toEqual({ code: 4403, reason: 'Forbidden: token expired' });
  });

  it('refuses a subscription sent over HTTP with BAD_USER_INPUT and a 400, not an internal error', async () => {
    const response = await fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.adminToken}` },
      body: JSON.stringify({ query: 'subscription { migrationRecorded { id } }' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('over WebSocket'),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
  });

  it('answers BAD_USER_INPUT to a channel that is not a login', async () => {
    const { client } = open({ Authorization: `Bearer ${harness.adminToken}` });
    const subscription = subscribe(client, { channel: 'not a login!' });
    await subscription.done();
    expect(subscription.results).toHaveLength(1);
    expect(subscription.results[0].errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('delivers what the tracker stores, as the migrations query returns it, filtered by channel', async () => {
    const events = harness.app.get(MigrationEventsService);
    const top = await harness.graphql<{ topStreams: { userLogin: string }[] }>(
      `{ topStreams(limit: ${FILTERED_CHANNELS}) { userLogin } }`,
    );
    const channels = top.data!.topStreams.map((s) => s.userLogin.toLowerCase());
    expect(channels).toHaveLength(FILTERED_CHANNELS);

    const { client } = open({ Authorization: `Bearer ${harness.adminToken}` });
    const all = subscribe(client);
    // Upper case on input: channel arguments are case-insensitive.
    const filtered = channels.map((channel) => ({
      channel,
      ...subscribe(client, { channel: channel.toUpperCase() }),
    }));
    await waitFor(() => events.subscribers === 1 + FILTERED_CHANNELS, 'every subscription to listen');

    const tracker = harness.app.get(TrackerService);
    const since = new Date(harness.clock.now()).toISOString();
    // The clock has not moved yet, so nothing was stored before the subscriptions started listening.
    expect(tracker.status().migrationsRecorded).toBe(0);
    await runTrackerMinutes(harness, SIMULATED_MINUTES);
    const until = new Date(harness.clock.now() + 1).toISOString();

    const stored: Migration[] = [];
    let after: string | null = null;
    do {
      const page: {
        data?: {
          migrations: {
            edges: { node: Migration }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        } | null;
        errors?: unknown;
      } = await harness.graphql(
        `query($since: DateTime, $until: DateTime, $after: String) {
          migrations(since: $since, until: $until, first: 100, after: $after) {
            edges { node { ${FIELDS} } } pageInfo { hasNextPage endCursor }
          }
        }`,
        { since, until, after },
      );
      expect(page.errors).toBeUndefined();
      stored.push(...page.data!.migrations.edges.map((e) => e.node));
      after = page.data!.migrations.pageInfo.hasNextPage ? page.data!.migrations.pageInfo.endCursor : null;
    } while (after);
    expect(stored.length).toBeGreaterThan(0);

    const byId = (a: Migration, b: Migration) => Number(a.id) - Number(b.id);
    await waitFor(() => all.results.length >= stored.length, 'every stored migration to arrive');
    expect(all.results.every((r) => r.errors === undefined)).toBe(true);
    expect([...all.migrations()].sort(byId)).toEqual([...stored].sort(byId));

    let delivered = 0;
    for (const subscription of filtered) {
      const expected = stored.filter(
        (m) => m.fromChannel === subscription.channel || m.toChannel === subscription.channel,
      );
      await waitFor(
        () => subscription.results.length >= expected.length,
        `migrations of ${subscription.channel}`,
      );
      expect([...subscription.migrations()].sort(byId)).toEqual(expected.sort(byId));
      delivered += expected.length;
    }
    // The filters were exercised: at least one of the top channels saw viewers come or go.
    expect(delivered).toBeGreaterThan(0);
  }, 120_000);
});
