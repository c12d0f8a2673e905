import { NoSchemaIntrospectionCustomRule, specifiedRules, validate } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { formatSubscriptionErrors } from './graphql-error.formatter';

/**
 * Operations sent over graphql-ws (subscriptions, and queries too) skip Apollo's validation and
 * `formatError`: these hooks give them the same rules (no introspection in production) and the same
 * error mapping. @nestjs/graphql passes them on to graphql-ws, though its option type leaves them out.
 */
export function graphqlWsChecks(production: boolean): Pick<ServerOptions, 'validate' | 'onError'> {
  const rules = production ? [...specifiedRules, NoSchemaIntrospectionCustomRule] : specifiedRules;
  return {
    validate: (schema, document) => validate(schema, document, rules),
    onError: (_ctx, _id, _payload, errors) =>
      formatSubscriptionErrors(errors, { hideSchemaDetails: production }),
  };
}
