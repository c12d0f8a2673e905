import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { GraphqlConfig, TrackerConfig } from '../../config';
import { BadUserInputError, type DomainError, QueryTooComplexError } from '../domain-error';
import type { CostSizes } from './query-cost';

/** GRAPHQL_MAX_* and the lengths the cost of unbounded lists depends on. */
export interface QueryLimits {
  maxCost: number;
  maxAliases: number;
  maxDepth: number;
  maxTokens: number;
  sizes: CostSizes;
}

/** The limits of the settings; the parser is given GRAPHQL_MAX_TOKENS on its own (`parseOptions`). */
export function queryLimits(
  graphql: Pick<GraphqlConfig, 'maxCost' | 'maxAliases' | 'maxDepth' | 'maxTokens'>,
  tracker: Pick<TrackerConfig, 'channels' | 'pollIntervalMs'>,
): QueryLimits {
  const { maxCost, maxAliases, maxDepth, maxTokens } = graphql;
  return {
    maxCost,
    maxAliases,
    maxDepth,
    maxTokens,
    sizes: {
      monitoredChannels: tracker.channels,
      viewerSamplesPerHour: 3_600_000 / tracker.pollIntervalMs,
    },
  };
}

/** The operation's shape with fragments expanded, counted once per fragment however often it is spread. */
interface Shape {
  aliases: number;
  /** Nesting of fields; introspection (`__schema`, `__type`) counts as one level: graphql-js bounds the rest. */
  depth: number;
  /** Fields, fragment spreads and inline fragments, as the cost estimate walks them (spreads expanded). */
  selections: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

function measureShape(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  memo: Map<string, Shape>,
): Shape {
  const shape: Shape = { aliases: 0, depth: 0, selections: 0 };
  for (const selection of selectionSet.selections) {
    shape.selections += 1;
    let inner: Shape | undefined;
    if (selection.kind === Kind.FIELD) {
      if (selection.alias && selection.alias.value !== selection.name.value) shape.aliases += 1;
      const nested = selection.selectionSet && measureShape(selection.selectionSet, fragments, memo);
      const leaf = !nested || INTROSPECTION_ROOTS.has(selection.name.value);
      inner = {
        aliases: nested ? nested.aliases : 0,
        depth: 1 + (leaf ? 0 : nested.depth),
        selections: nested ? nested.selections : 0,
      };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measureShape(selection.selectionSet, fragments, memo);
    } else {
      const name = selection.name.value;
      inner = memo.get(name);
      const fragment = fragments.get(name);
      if (!inner && fragment) {
        // Validation refuses fragment cycles; the placeholder keeps this walk finite regardless.
        memo.set(name, { aliases: 0, depth: 0, selections: 0 });
        inner = measureShape(fragment.selectionSet, fragments, memo);
        memo.set(name, inner);
      }
    }
    if (inner) {
      shape.aliases += inner.aliases;
      shape.selections += inner.selections;
      shape.depth = Math.max(shape.depth, inner.depth);
    }
  }
  return shape;
}

const estimators = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];

/**
 * The estimated cost (src/common/graphql/query-cost.ts) of a valid operation with valid variables; walks
 * every selection, fragments spread where they are used, up to `maxNodes` of them.
 */
export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Iterable<FragmentDefinitionNode>,
  variables: Record<string, unknown> | undefined,
  sizes: CostSizes,
  maxNodes: number,
): number {
  return getComplexity({
    schema,
    // Only this operation: the others of the document do not run.
    query: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
    variables,
    estimators,
    context: sizes,
    maxQueryNodes: maxNodes,
  });
}

/**
 * Refuses an operation of a valid document that is over a limit, before anything of it runs: aliases,
 * depth, selections, then the estimated cost (src/common/graphql/query-cost.ts) with the request's
 * variables. The shape is measured first, in time linear in the document (each fragment once), so that
 * the cost estimate, which walks every spread of a fragment again, walks at most GRAPHQL_MAX_TOKENS
 * selections (a few microseconds each).
 */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: QueryLimits,
): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const shape = measureShape(operation.selectionSet, fragments, new Map());
  if (shape.aliases > limits.maxAliases) {
    throw new QueryTooComplexError(
      `This operation has ${shape.aliases} aliases, over the limit of ${limits.maxAliases}`,
      'GRAPHQL_MAX_ALIASES',
    );
  }
  if (shape.depth > limits.maxDepth) {
    throw new QueryTooComplexError(
      `This operation nests fields ${shape.depth} deep, over the limit of ${limits.maxDepth}`,
      'GRAPHQL_MAX_DEPTH',
    );
  }
  // Spread fragments count as if written out in full, so that a few tokens cannot expand into more work
  // than the token limit allows to write, nor make the estimate below walk more than that.
  if (shape.selections > limits.maxTokens) {
    throw new QueryTooComplexError(
      `This operation expands to ${shape.selections} selections once its fragments are spread, over the ` +
        `limit of ${limits.maxTokens}`,
      'GRAPHQL_MAX_TOKENS',
    );
  }
  // Invalid variables are reported by execution before any resolver runs; the estimate needs valid ones.
  if (getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors) return;
  // The walk stops (throws) past maxNodes, never reached here: the shape check bounds it first.
  const cost = estimateCost(
    schema,
    operation,
    fragments.values(),
    variables,
    limits.sizes,
    limits.maxTokens + 1,
  );
  if (cost > limits.maxCost) {
    throw new QueryTooComplexError(
      `This operation costs ${cost}, over the limit of ${limits.maxCost}`,
      'GRAPHQL_MAX_COST',
    );
  }
}

/**
 * A refusal as the GraphQL error both transports send: HTTP 400 (Apollo reads `extensions.http`), and
 * the domain error as `originalError`, so that the one error formatter gives it its code.
 */
export function toRefusal(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
}

/**
 * The limits on HTTP: checked once Apollo has parsed and validated the document and picked the operation.
 * A subscription sent over HTTP is refused here too: executed, it would end in an internal error.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ schema, document, operation, request }) => {
          // No operation: execution answers "unknown operation" without running anything.
          if (!operation) return Promise.resolve();
          if (operation.operation === 'subscription')
            return Promise.reject(
              toRefusal(
                new BadUserInputError(
                  'Subscriptions are served over WebSocket (graphql-ws) at /graphql, not over HTTP',
                ),
              ),
            );
          try {
            checkQueryLimits(schema, document, operation, request.variables, limits);
          } catch (error) {
            return Promise.reject(error instanceof QueryTooComplexError ? toRefusal(error) : error);
          }
          return Promise.resolve();
        },
      }),
  };
}
