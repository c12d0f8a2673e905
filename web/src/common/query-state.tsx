import type { ReactNode } from 'react';
import { describeError } from './describe-error';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status">
      Loading {what}…
    </p>
  );
}

/** An error as the API gave it (code and message), with a way to try again. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="state error" role="alert">
      {describeError(error).map((line, index) => (
        <p key={index}>
          <code>{line.code}</code> {line.message}
        </p>
      ))}
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}
