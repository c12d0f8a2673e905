import type { IncomingMessage } from 'node:http';
import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import {
  type FieldNode,
  type FormattedExecutionResult,
  getArgumentValues,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { AuthenticatedRequest } from '../auth/auth-user';
import { LeastRecentlyUsed } from '../common/least-recently-used';
import type { LatestSnapshotService } from '../streams/latest-snapshot.service';
import { StatsSource } from './models/stats-source.enum';

/** Distinct operations kept per snapshot (query text and variables): dashboards ask a handful. */
const OPERATIONS_KEPT = 256;

/**
 * Whether every root field of `operation` is `streamStats` on MEMORY (or `__typename`), with at least one
 * `streamStats`: then the whole answer is a pure function of the latest snapshot.
 */
export function answersFromMemoryStatsOnly(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): boolean {
  if (operation.operation !== 'query') return false;
  const streamStats = schema.getQueryType()?.getFields().streamStats;
  if (!streamStats) return false;
  let stats = 0;
  for (const selection of operation.selectionSet.selections) {
    // Fragments and @skip/@include at the root are rare; such operations simply run.
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return false;
    if (selection.name.value === '__typename') continue;
    if (selection.name.value !== 'streamStats') return false;
    const { source } = getArgumentValues(streamStats, selection as FieldNode, variables ?? {});
    if ((source ?? StatsSource.MEMORY) !== StatsSource.MEMORY) return false;
    stats += 1;
  }
  return stats > 0;
}

/** Answers of one snapshot by operation, the least recently used dropped past `capacity`. */
export class SnapshotAnswers {
  private snapshotId: number | null = null;
  private readonly answers: LeastRecentlyUsed<string, FormattedExecutionResult>;

  constructor(capacity: number) {
    this.answers = new LeastRecentlyUsed(capacity);
  }

  get(snapshotId: number, key: string): FormattedExecutionResult | undefined {
    return snapshotId === this.snapshotId ? this.answers.get(key) : undefined;
  }

  /** Keeps `answer`; a newer snapshot's first answer drops every older one. */
  set(snapshotId: number, key: string, answer: FormattedExecutionResult): void {
    if (this.snapshotId !== null && snapshotId < this.snapshotId) return;
    if (snapshotId !== this.snapshotId) {
      this.answers.clear();
      this.snapshotId = snapshotId;
    }
    this.answers.set(key, answer);
  }
}

/**
 * A response cache for operations that only read MEMORY statistics: their answer depends on nothing but the
 * latest snapshot (every signed-in user gets the same figures), so it is kept under that snapshot's id and
 * served without executing again until a newer snapshot is the latest. Requests without a valid token
 * always run (and are refused by the guard). An answer is stored only when the latest snapshot was the same
 * before and after it was computed, so it never holds figures of another snapshot than its key.
 */
export function memoryStatsResponseCache(
  latest: LatestSnapshotService,
): ApolloServerPlugin<{ req: IncomingMessage }> {
  const answers = new SnapshotAnswers(OPERATIONS_KEPT);
  return {
    requestDidStart: () => {
      let stored: { snapshotId: number; key: string } | null = null;
      return Promise.resolve({
        async responseForOperation({ schema, operation, request, source, contextValue }) {
          if (!(contextValue.req as AuthenticatedRequest).user) return null;
          if (!answersFromMemoryStatsOnly(schema, operation, request.variables)) return null;
          const snapshot = await latest.current();
          if (!snapshot) return null;
          const key = `${request.operationName ?? ''}\n${JSON.stringify(request.variables ?? {})}\n${source}`;
          const answer = answers.get(snapshot.id, key);
          if (answer) return singleResponse(answer);
          stored = { snapshotId: snapshot.id, key };
          return null;
        },
        async willSendResponse({ response }) {
          if (!stored || response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          if (singleResult.errors?.length || !singleResult.data) return;
          const snapshot = await latest.current();
          if (snapshot?.id === stored.snapshotId) answers.set(stored.snapshotId, stored.key, singleResult);
        },
      });
    },
  };
}

function singleResponse(answer: FormattedExecutionResult): GraphQLResponse {
  return {
    http: { status: undefined, headers: new HeaderMap() },
    body: { kind: 'single', singleResult: answer },
  };
}
