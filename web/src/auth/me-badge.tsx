import { useQuery } from '@apollo/client/react';
import { ME } from './me.query';
import { formatRemaining } from '../common/format';
import { useNow } from '../common/use-now';
import { useSession, useSessionStore } from './session-context';

/** Who is logged in, how long the token lasts, and the way out. */
export function MeBadge() {
  const store = useSessionStore();
  const session = useSession();
  const now = useNow(30_000);
  const { data } = useQuery(ME);
  if (!session) return null;
  return (
    <div className="me" aria-label="Logged in user">
      <span data-testid="me-login">{data?.me.displayName ?? '…'}</span>
      {data?.me.isAdmin ? <span className="badge">admin</span> : null}
      <span className="muted" title={new Date(session.expiresAt).toISOString()}>
        token expires in {formatRemaining(session.expiresAt - now)}
      </span>
      <button type="button" onClick={() => store.clear()}>
        Log out
      </button>
    </div>
  );
}
