import { describeError } from '../common/describe-error';
import { EmptyState, ErrorState } from '../common/query-state';

/** True when the API says no top-streams snapshot exists yet (the first one is being fetched). */
export function isNotReady(error: unknown): boolean {
  return describeError(error).some((line) => line.code === 'NOT_READY');
}

/**
 * A failed query over the latest snapshot: "no snapshot yet" is a wait, not a failure; anything else is
 * the API's error with a retry.
 */
export function QueryFailure({ error, retry }: { error: unknown; retry: () => void }) {
  if (isNotReady(error)) {
    return (
      <EmptyState>
        <p>
          No snapshot yet — the first top-streams fetch runs at start-up and takes a few seconds; an
          administrator can also fetch one with Refresh now on Stream statistics.
        </p>
        <button type="button" onClick={retry}>
          Check again
        </button>
      </EmptyState>
    );
  }
  return <ErrorState error={error} retry={retry} />;
}
