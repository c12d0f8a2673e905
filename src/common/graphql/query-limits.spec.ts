import { beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { getIntrospectionQuery, type GraphQLSchema, getOperationAST, parse } from 'graphql';
import { UserResolver } from '../../auth/user.resolver';
import { MigrationNodeResolver } from '../../migration/migration-node.resolver';
import { MigrationResolver } from '../../migration/migration.resolver';
import { StatsResolver } from '../../stats/stats.resolver';
import { StreamsResolver } from '../../streams/streams.resolver';
import { MonitoredChannelResolver } from '../../tracker/monitored-channel.resolver';
import { TrackerResolver } from '../../tracker/tracker.resolver';
import { QueryTooComplexError } from '../domain-error';
import { WORK_COST } from './query-cost';
import { checkQueryLimits, estimateCost, type QueryLimits, queryLimits } from './query-limits';

const STREAM = 'id userId userLogin userName gameId gameName title viewerCount language startedAt';

const limits: QueryLimits = queryLimits(
  { maxCost: 100_000, maxAliases: 30, maxDepth: 6, maxTokens: 2_000 },
  { channels: 100, pollIntervalMs: 60_000 },
);

describe('query limits over the real schema', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [GraphQLSchemaBuilderModule] }).compile();
    schema = await moduleRef
      .get(GraphQLSchemaFactory)
      .create([
        UserResolver,
        StatsResolver,
        StreamsResolver,
        MigrationResolver,
        MigrationNodeResolver,
        TrackerResolver,
        MonitoredChannelResolver,
      ]);
  });

  const cost = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const fragments = document.definitions.filter((d) => d.kind === 'FragmentDefinition');
    return estimateCost(schema, getOperationAST(document)!, fragments, variables, limits.sizes, Infinity);
  };
  /** The refusal's message, or null when the operation is let through. */
  const refusal = (query: string, variables: Record<string, unknown> = {}, own: QueryLimits = limits) => {
    const document = parse(query);
    try {
      checkQueryLimits(schema, document, getOperationAST(document)!, variables, own);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(QueryTooComplexError);
      return (error as Error).message;
    }
  };

  it('prices one unit per field and a list by its limit times one item', () => {
    expect(cost('{ streamStats { medianViewers } }')).toBe(2);
    // 1 (topStreams) + read + 100 streams × 2 fields.
    expect(cost('{ topStreams { id viewerCount } }')).toBe(1 + WORK_COST.sqlRead + 100 * 2);
    expect(cost('{ topStreams(limit: 10) { id viewerCount } }')).toBe(1 + WORK_COST.sqlRead + 10 * 2);
    // The limit from a variable, and an explicit null priced as the default.
    expect(cost('query($n: Int) { topStreams(limit: $n) { id } }', { n: 7 })).toBe(1 + WORK_COST.sqlRead + 7);
    expect(cost('{ streamStats { games(limit: null) { gameId } } }')).toBe(1 + 1 + 100);
  });

  it('prices SQL statistics, and a nested list per item of its enclosing limit', () => {
    expect(cost('{ streamStats(source: DATABASE) { medianViewers } }')).toBe(2 + WORK_COST.statsSql);
    // Each of 1000 groups: its own field, viewerCount, and streams priced as a pair of 1-field streams.
    expect(cost('{ streamStats { duplicateGroups(limit: 1000) { viewerCount streams { id } } } }')).toBe(
      1 + 1 + 1000 * (1 + 1 + 2 * 1),
    );
    // Up to two nodes per edge.
    const graph = cost('{ migrationGraph(limit: 10) { edges { count } nodes { channel } } }');
    const work = 3 * WORK_COST.sqlRead + WORK_COST.graphPerDay + WORK_COST.graphPerEdgeDay * 10;
    expect(graph).toBe(1 + work + 10 * (1 + 1 + (1 + 2 * 1)));
  });

  it('prices range queries by the days they read', () => {
    const day = cost('{ channelFlows(channel: "x", limit: 1) { channel } }');
    const since = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const week = cost(`{ channelFlows(channel: "x", limit: 1, since: "${since(7)}") { channel } }`);
    expect(week - day).toBeCloseTo(6 * WORK_COST.flowsPerDay, -2);
    // A range the service refuses as bad input reads nothing.
    expect(cost(`{ channelFlows(channel: "x", limit: 1, since: "${since(400)}") { channel } }`)).toBe(day);
    // One sample a minute (TRACKER_POLL_INTERVAL) for a day, each a read plus its three fields and itself.
    expect(cost('{ viewerCounts(channel: "x") { at viewers chatters } }')).toBe(
      1 + WORK_COST.sqlRead + 1440 * WORK_COST.viewerSample + 1440 * 3,
    );
    // TRACKER_CHANNELS channels.
    expect(cost('{ monitoredChannels { login } }')).toBe(1 + 100 * 1);
  });

  it('prices every alias, and every spread of a fragment, but not what @skip leaves out', () => {
    const one = cost('{ streamStats(source: DATABASE) { medianViewers } }');
    expect(
      cost(
        '{ a: streamStats(source: DATABASE) { medianViewers } b: streamStats(source: DATABASE) { medianViewers } }',
      ),
    ).toBe(2 * one);
    expect(
      cost(
        '{ ...F a: streamStats(source: DATABASE) { medianViewers } } fragment F on Query { streamStats(source: DATABASE) { medianViewers } }',
      ),
    ).toBe(2 * one);
    expect(
      cost('query($no: Boolean!) { streamStats(source: DATABASE) @skip(if: $no) { medianViewers } }', {
        no: true,
      }),
    ).toBe(0);
  });

  it('lets the queries of the README through', () => {
    for (const query of [
      `{ streamStats(source: MEMORY) { snapshot { id takenAt streamCount } totalStreams medianViewers
          duplicateGroups(limit: 5) { viewerCount streams { userLogin } } games(limit: 10) { gameId gameName } } }`,
      `{ migrationGraph(minCount: 2, limit: 50) { since until totalMigrations nodes { channel outgoing incoming }
          edges { from to count shareOfSourceLeavers shareOfTargetJoiners } } }`,
      '{ streams(parity: ODD, first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { userLogin } } } }',
      // The largest page of the largest lists, every field.
      `{ streamStats(source: DATABASE) { totalStreams duplicateGroups(limit: 1000) { viewerCount streams { ${STREAM} } }
          games(limit: 1000) { gameId gameName streamCount maxViewers totalViewers } } }`,
      `{ migrationGraph(limit: 1000) { since until totalMigrations nodes { channel outgoing incoming stream { ${STREAM} } }
          edges { from to count shareOfSourceLeavers shareOfTargetJoiners } } }`,
      `{ monitoredChannels { login source pinned since lastPolledAt chatters keptUntil stream { ${STREAM} } } }`,
      // What GraphiQL sends to learn the schema.
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true }),
    ]) {
      expect(refusal(query)).toBeNull();
    }
  });

  it('refuses the bombs of issue 8, naming the measure, the limit and the setting', () => {
    const aliases = (n: number, field: string) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    expect(refusal(aliases(1000, 'streamStats(source: DATABASE) { medianViewers }'))).toMatch(
      /^This operation has 1000 aliases, over the limit of 30 \(GRAPHQL_MAX_ALIASES\); nothing was run\. .* raise GRAPHQL_MAX_ALIASES\.$/,
    );
    const roomy = { ...limits, maxAliases: 100_000 };
    expect(refusal(aliases(1000, 'streamStats(source: DATABASE) { medianViewers }'), {}, roomy)).toMatch(
      /^This operation costs 5002000, over the limit of 100000 \(GRAPHQL_MAX_COST\)/,
    );
    expect(
      refusal(aliases(20, `streamStats { duplicateGroups(limit: 1000) { streams { ${STREAM} } } }`)),
    ).toMatch(/costs \d+, over the limit of 100000 \(GRAPHQL_MAX_COST\)/);
    expect(refusal(aliases(20, 'migrationGraph(limit: 1000) { edges { from } }'))).toMatch(
      /GRAPHQL_MAX_COST/,
    );
  });

  it('refuses depth, counting through fragments but not into introspection', () => {
    const shallow = { ...limits, maxDepth: 3 };
    expect(refusal('{ streamStats { duplicateGroups { streams { id } } } }', {}, shallow)).toMatch(
      /nests fields 4 deep, over the limit of 3 \(GRAPHQL_MAX_DEPTH\)/,
    );
    expect(
      refusal(
        '{ streamStats { ...G } } fragment G on StreamStats { duplicateGroups { streams { id } } }',
        {},
        shallow,
      ),
    ).toMatch(/4 deep/);
    expect(refusal('{ __schema { types { fields { type { ofType { name } } } } } }', {}, shallow)).toBeNull();
  });

  it('refuses a fragment that doubles at each level in time linear in the document', () => {
    // 2^30 fields once spread: without measuring each fragment once, this would never finish.
    const levels = 30;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Query { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : '__typename'} }`,
    );
    const query = `{ ...F0 } ${fragments.join(' ')}`;
    expect(refusal(query)).toMatch(
      /expands to \d+ selections once its fragments are spread, over the limit of 2000 \(GRAPHQL_MAX_TOKENS\)/,
    );
  });

  it('leaves invalid variables and limits out of range to execution, which refuses them as bad input', () => {
    expect(refusal('query($n: Int!) { topStreams(limit: $n) { id } }', { n: 'many' })).toBeNull();
    expect(refusal('{ topStreams(limit: 100000000) { id } }')).toBeNull();
    expect(cost('{ topStreams(limit: 100000000) { id } }')).toBe(cost('{ topStreams(limit: 100) { id } }'));
  });
});
