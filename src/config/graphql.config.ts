import { registerAs } from '@nestjs/config';
import { EnvReader } from './env-reader';

/** What one GraphQL operation and one subscriber may cost; see README's settings table. */
export interface GraphqlConfig {
  /** Highest estimated cost of one operation (src/common/graphql/query-cost.ts says what a unit is). */
  maxCost: number;
  /** Aliased fields in one operation, fragments expanded. */
  maxAliases: number;
  /** Nested fields in one operation (introspection excepted: graphql-js bounds its own depth). */
  maxDepth: number;
  /** Lexical tokens in one document; the parser stops at the first one over. */
  maxTokens: number;
  subscriptionsPerConnection: number;
  subscriptionsPerUser: number;
  /** Events one subscription may have waiting for a slow reader before it is ended. */
  subscriptionQueue: number;
}

export const graphqlConfig = registerAs('graphql', (): GraphqlConfig => {
  const env = new EnvReader();
  return {
    maxCost: env.int('GRAPHQL_MAX_COST', 100_000, { min: 1, max: 100_000_000 }),
    maxAliases: env.int('GRAPHQL_MAX_ALIASES', 30, { min: 0, max: 100_000 }),
    maxDepth: env.int('GRAPHQL_MAX_DEPTH', 6, { min: 1, max: 1_000 }),
    maxTokens: env.int('GRAPHQL_MAX_TOKENS', 2_000, { min: 100, max: 1_000_000 }),
    subscriptionsPerConnection: env.int('SUBSCRIPTIONS_PER_CONNECTION', 25, { min: 1, max: 100_000 }),
    subscriptionsPerUser: env.int('SUBSCRIPTIONS_PER_USER', 50, { min: 1, max: 1_000_000 }),
    subscriptionQueue: env.int('SUBSCRIPTION_QUEUE', 10_000, { min: 1, max: 10_000_000 }),
  };
});
