import { afterEach, describe, expect, it } from '@jest/globals';
import { graphqlConfig } from './graphql.config';

const SETTINGS = [
  'GRAPHQL_MAX_COST',
  'GRAPHQL_MAX_ALIASES',
  'GRAPHQL_MAX_DEPTH',
  'GRAPHQL_MAX_TOKENS',
  'SUBSCRIPTIONS_PER_CONNECTION',
  'SUBSCRIPTIONS_PER_USER',
  'SUBSCRIPTION_QUEUE',
];

describe('graphqlConfig', () => {
  const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of SETTINGS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('has defaults for every limit', () => {
    for (const name of SETTINGS) delete process.env[name];
    expect(graphqlConfig()).toEqual({
      maxCost: 100_000,
      maxAliases: 30,
      maxDepth: 6,
      maxTokens: 2_000,
      subscriptionsPerConnection: 25,
      subscriptionsPerUser: 50,
      subscriptionQueue: 10_000,
    });
  });

  it.each([
    ['GRAPHQL_MAX_COST', '0'],
    ['GRAPHQL_MAX_ALIASES', 'many'],
    ['GRAPHQL_MAX_DEPTH', '-1'],
    ['GRAPHQL_MAX_TOKENS', '10'],
    ['SUBSCRIPTIONS_PER_CONNECTION', '0'],
    ['SUBSCRIPTIONS_PER_USER', '1.5'],
    ['SUBSCRIPTION_QUEUE', 'xxx'],
  ])('stops start-up on %s=%p, naming it', (name, value) => {
    process.env[name] = value;
    expect(() => graphqlConfig()).toThrow(new RegExp(`^Invalid setting ${name}: `));
  });
});
