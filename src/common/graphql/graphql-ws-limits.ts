import {
  type ExecutionArgs,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import type { Context, ServerOptions, SubscribePayload } from 'graphql-ws';
import { DomainError, ErrorCode, QueryTooComplexError } from '../domain-error';
import { checkQueryLimits, type QueryLimits, toRefusal } from './query-limits';

type WsContext = Context<Record<string, unknown> | undefined, unknown>;

export interface GraphqlWsLimitsOptions {
  limits: QueryLimits;
  subscriptionsPerConnection: number;
  subscriptionsPerUser: number;
  /** The served schema, read at each operation (it is built after these options). */
  schema: () => GraphQLSchema;
  /** The validation and error mapping of HTTP (graphqlWsChecks), which operations here go through too. */
  checks: Pick<ServerOptions, 'validate' | 'onError'>;
  /** Accepts where the connection comes from (true) or refuses it, closing the socket (false); first. */
  admitOrigin: (ctx: WsContext) => boolean;
  /** Accepts the connection (true) or refuses it, closing the socket with its reason (false). */
  authenticate: (ctx: WsContext) => Promise<boolean>;
  /** Who an accepted connection belongs to. */
  userOf: (ctx: WsContext) => string | undefined;
}

/**
 * Open subscriptions per connection and per user. graphql-ws keeps every operation under way in
 * `ctx.subscriptions` (and drops it when it ends, however it ends), so a subscription counts while its id
 * is still there: nothing has to be released by hand.
 */
export class SubscriptionSlots {
  private readonly connections = new Map<WsContext, { user?: string; ids: Set<string> }>();
  private readonly connectionsByUser = new Map<string, Set<WsContext>>();

  constructor(
    private readonly perConnection: number,
    private readonly perUser: number,
  ) {}

  connected(ctx: WsContext, user: string | undefined): void {
    this.connections.set(ctx, { user, ids: new Set() });
    if (user === undefined) return;
    const connections = this.connectionsByUser.get(user) ?? new Set<WsContext>();
    connections.add(ctx);
    this.connectionsByUser.set(user, connections);
  }

  closed(ctx: WsContext): void {
    const connection = this.connections.get(ctx);
    this.connections.delete(ctx);
    if (connection?.user === undefined) return;
    const connections = this.connectionsByUser.get(connection.user);
    connections?.delete(ctx);
    if (connections?.size === 0) this.connectionsByUser.delete(connection.user);
  }

  /** Counts subscription `id` in, or says which cap it would break (and counts nothing). */
  claim(ctx: WsContext, id: string): DomainError | undefined {
    const connection = this.connections.get(ctx);
    if (!connection) return undefined;
    if (this.open(ctx) >= this.perConnection) {
      return tooMany(
        `This connection already has ${this.perConnection} subscriptions open`,
        'SUBSCRIPTIONS_PER_CONNECTION',
      );
    }
    const userConnections = connection.user === undefined ? [] : this.connectionsByUser.get(connection.user);
    let userTotal = 0;
    for (const other of userConnections ?? []) {
      userTotal += this.open(other);
      if (userTotal >= this.perUser) break;
    }
    if (userTotal >= this.perUser) {
      return tooMany(`You already have ${this.perUser} subscriptions open`, 'SUBSCRIPTIONS_PER_USER');
    }
    connection.ids.add(id);
    return undefined;
  }

  /** Subscriptions of `ctx` still under way (forgetting those that ended). */
  private open(ctx: WsContext): number {
    const ids = this.connections.get(ctx)?.ids;
    if (!ids) return 0;
    for (const id of ids) if (!(id in ctx.subscriptions)) ids.delete(id);
    return ids.size;
  }
}

function tooMany(what: string, setting: string): DomainError {
  return new DomainError(
    ErrorCode.TooManySubscriptions,
    `${what}, the limit (${setting}); complete one first, or raise ${setting}.`,
  );
}

/**
 * graphql-ws hooks that give operations over the WebSocket the limits of HTTP: the same parse (token
 * limit), validation and query limits, done here at once because graphql-ws would otherwise parse and
 * validate on its own, with no token limit and no step for the cost; and caps on open subscriptions.
 */
export function graphqlWsLimits(
  options: GraphqlWsLimitsOptions,
): Pick<
  ServerOptions<Record<string, unknown> | undefined, unknown>,
  'onConnect' | 'onClose' | 'onSubscribe' | 'onError'
> {
  const { limits, checks } = options;
  const slots = new SubscriptionSlots(options.subscriptionsPerConnection, options.subscriptionsPerUser);
  const validateOperation = checks.validate ?? validate;
  return {
    onConnect: async (ctx) => {
      if (!options.admitOrigin(ctx)) return false;
      if (!(await options.authenticate(ctx))) return false;
      slots.connected(ctx, options.userOf(ctx));
      return true;
    },
    onClose: (ctx) => slots.closed(ctx),
    onSubscribe: (ctx, id, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
      const schema = options.schema();
      let document;
      try {
        document = parse(payload.query, { maxTokens: limits.maxTokens });
      } catch (error) {
        // Apollo's code for it; the formatter reads the original (a token limit becomes QUERY_TOO_COMPLEX).
        const syntax = error as GraphQLError;
        return [
          new GraphQLError(syntax.message, {
            source: syntax.source,
            positions: syntax.positions,
            originalError: syntax,
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          }),
        ];
      }
      const args: ExecutionArgs = {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
      };
      const operation = getOperationAST(document, payload.operationName);
      // Over the cap, a subscription is refused before the work of validating it.
      const full = operation?.operation === 'subscription' ? slots.claim(ctx, id) : undefined;
      if (full) return [toRefusal(full)];
      const invalid = validateOperation(schema, document);
      if (invalid.length > 0) return invalid;
      // No operation to run: graphql-ws answers "Unable to identify operation" itself.
      if (!operation) return args;
      try {
        checkQueryLimits(schema, document, operation, payload.variables ?? undefined, limits);
      } catch (error) {
        if (error instanceof QueryTooComplexError) return [toRefusal(error)];
        throw error;
      }
      return args;
    },
    onError: checks.onError,
  };
}
