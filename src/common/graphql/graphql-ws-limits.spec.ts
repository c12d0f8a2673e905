import { describe, expect, it } from '@jest/globals';
import { buildSchema, type ExecutionArgs, GraphQLError } from 'graphql';
import type { Context } from 'graphql-ws';
import { DomainError } from '../domain-error';
import { graphqlWsChecks } from './graphql-ws-checks';
import { graphqlWsLimits, SubscriptionSlots } from './graphql-ws-limits';
import { queryLimits } from './query-limits';

type WsContext = Context<Record<string, unknown> | undefined, unknown>;

/** A connection as graphql-ws keeps it: `subscriptions` holds the operations under way, by id. */
function connection(): WsContext {
  return { connectionInitReceived: true, acknowledged: true, subscriptions: {}, extra: {} };
}

/** What graphql-ws does before calling onSubscribe: reserve the id. */
function start(ctx: WsContext, id: string): void {
  (ctx.subscriptions as Record<string, null>)[id] = null;
}

function end(ctx: WsContext, id: string): void {
  delete (ctx.subscriptions as Record<string, unknown>)[id];
}

describe('SubscriptionSlots', () => {
  it('refuses the subscription over the per-connection cap, until one ends', () => {
    const slots = new SubscriptionSlots(2, 10);
    const ctx = connection();
    slots.connected(ctx, 'u1');
    for (const id of ['a', 'b']) {
      start(ctx, id);
      expect(slots.claim(ctx, id)).toBeUndefined();
    }
    start(ctx, 'c');
    const refused = slots.claim(ctx, 'c');
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      message:
        'This connection already has 2 subscriptions open, the limit (SUBSCRIPTIONS_PER_CONNECTION); ' +
        'complete one first, or raise SUBSCRIPTIONS_PER_CONNECTION.',
    });
    end(ctx, 'c');
    end(ctx, 'a');
    start(ctx, 'd');
    expect(slots.claim(ctx, 'd')).toBeUndefined();
  });

  it("counts a user's subscriptions over all their connections, and forgets closed ones", () => {
    const slots = new SubscriptionSlots(10, 3);
    const [first, second, other] = [connection(), connection(), connection()];
    slots.connected(first, 'u1');
    slots.connected(second, 'u1');
    slots.connected(other, 'u2');
    for (const [ctx, id] of [
      [first, '1'],
      [first, '2'],
      [second, '1'],
    ] as const) {
      start(ctx, id);
      expect(slots.claim(ctx, id)).toBeUndefined();
    }
    start(second, '2');
    expect(slots.claim(second, '2')?.message).toMatch(
      /^You already have 3 subscriptions open.*SUBSCRIPTIONS_PER_USER/,
    );
    end(second, '2');
    // Another user is not held back.
    start(other, '1');
    expect(slots.claim(other, '1')).toBeUndefined();
    slots.closed(first);
    start(second, '3');
    expect(slots.claim(second, '3')).toBeUndefined();
  });
});

describe('graphqlWsLimits.onSubscribe', () => {
  const schema = buildSchema(`
    type Query { hello(times: Int = 1): [String!]! }
    type Subscription { ticks: Int! }
  `);
  // As @Query({ complexity }) would: `times` strings.
  Object.assign(schema.getQueryType()!.getFields().hello.extensions, {
    complexity: ({ args }: { args: { times: number } }) => args.times,
  });
  const server = (production = false) =>
    graphqlWsLimits({
      limits: queryLimits(
        { maxCost: 50, maxAliases: 2, maxDepth: 3, maxTokens: 40 },
        { channels: 1, pollIntervalMs: 60_000 },
      ),
      subscriptionsPerConnection: 1,
      subscriptionsPerUser: 5,
      schema: () => schema,
      checks: graphqlWsChecks(production),
      admitOrigin: () => true,
      authenticate: () => Promise.resolve(true),
      userOf: () => 'u1',
    });
  const subscribe = (
    hooks: ReturnType<typeof server>,
    ctx: WsContext,
    id: string,
    query: string,
  ): ExecutionArgs | readonly GraphQLError[] => {
    start(ctx, id);
    return hooks.onSubscribe!(ctx, id, { query }) as ExecutionArgs | readonly GraphQLError[];
  };
  const codes = (hooks: ReturnType<typeof server>, errors: ExecutionArgs | readonly GraphQLError[]) => {
    expect(Array.isArray(errors)).toBe(true);
    const formatted = hooks.onError!(connection(), 'x', { query: '' }, errors as readonly GraphQLError[]);
    return (formatted as unknown as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code);
  };

  it('runs what is valid and within the limits, parsed and validated once', async () => {
    const hooks = server();
    const ctx = connection();
    await hooks.onConnect!(ctx);
    const args = subscribe(hooks, ctx, '1', '{ hello }') as ExecutionArgs;
    expect(args.schema).toBe(schema);
    expect(args.document.definitions).toHaveLength(1);
  });

  it('refuses, with QUERY_TOO_COMPLEX, documents over the token, alias and cost limits', async () => {
    const hooks = server();
    const ctx = connection();
    await hooks.onConnect!(ctx);
    const long = `{ ${Array.from({ length: 50 }, () => 'hello').join(' ')} }`;
    expect(codes(hooks, subscribe(hooks, ctx, '1', long))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(hooks, subscribe(hooks, ctx, '2', '{ a: hello b: hello c: hello }'))).toEqual([
      'QUERY_TOO_COMPLEX',
    ]);
    expect(codes(hooks, subscribe(hooks, ctx, '3', '{ hello(times: 1000) }'))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(Array.isArray(subscribe(hooks, ctx, '4', '{ hello(times: 50) }'))).toBe(false);
  });

  it("answers syntax and validation errors as errors of the operation, with Apollo's codes", async () => {
    const hooks = server();
    const ctx = connection();
    await hooks.onConnect!(ctx);
    expect(codes(hooks, subscribe(hooks, ctx, '1', '{ hello'))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(hooks, subscribe(hooks, ctx, '2', '{ nope }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    // graphql-ws answers an operation it cannot pick itself, through the same onError.
    expect(Array.isArray(subscribe(hooks, ctx, '3', 'query A { hello } query B { hello }'))).toBe(false);
  });

  it('refuses introspection in production, as HTTP does', async () => {
    const hooks = server(true);
    const ctx = connection();
    await hooks.onConnect!(ctx);
    const refused = subscribe(hooks, ctx, '1', '{ __schema { queryType { name } } }') as GraphQLError[];
    expect(refused.map((error) => error.message)).toContain(
      'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
    );
    expect(Array.isArray(subscribe(hooks, ctx, '2', '{ hello }'))).toBe(false);
    expect(Array.isArray(subscribe(hooks, ctx, '3', '{ __schema { queryType { name } } }'))).toBe(true);
    expect(
      Array.isArray(subscribe(server(false), connection(), '1', '{ __schema { queryType { name } } }')),
    ).toBe(false);
  });

  it('refuses a subscription over the cap with TOO_MANY_SUBSCRIPTIONS, but not queries', async () => {
    const hooks = server();
    const ctx = connection();
    await hooks.onConnect!(ctx);
    expect(Array.isArray(subscribe(hooks, ctx, '1', 'subscription { ticks }'))).toBe(false);
    expect(codes(hooks, subscribe(hooks, ctx, '2', 'subscription { ticks }'))).toEqual([
      'TOO_MANY_SUBSCRIPTIONS',
    ]);
    expect(Array.isArray(subscribe(hooks, ctx, '3', '{ hello }'))).toBe(false);
  });
});
