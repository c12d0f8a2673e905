import { useMutation, useQuery } from '@apollo/client/react';
import { ME } from '../auth/me.query';
import { formatAgo, formatDateTime, formatInteger } from '../common/format';
import { ErrorState } from '../common/query-state';
import { useNow } from '../common/use-now';
import { MONITORED_CHANNELS, PIN_CHANNEL, UNPIN_CHANNEL } from './monitored-channels.query';

/** Whether the tracker watches the channel now, and for administrators the pin that keeps it watched. */
export function MonitoringPanel({ channel }: { channel: string }) {
  const now = useNow(10_000);
  const { data: me } = useQuery(ME);
  // Polled: the last poll and the chatters change every few seconds.
  const { data, error, refetch } = useQuery(MONITORED_CHANNELS, { pollInterval: 15_000 });
  const refetchMonitored = { refetchQueries: [{ query: MONITORED_CHANNELS }], awaitRefetchQueries: true };
  const [pin, pinState] = useMutation(PIN_CHANNEL, refetchMonitored);
  const [unpin, unpinState] = useMutation(UNPIN_CHANNEL, refetchMonitored);
  const monitored = data?.monitoredChannels.find((entry) => entry.login.toLowerCase() === channel);
  const busy = pinState.loading || unpinState.loading;
  const mutationError = pinState.error ?? unpinState.error;

  return (
    <div className="panel monitoring" data-testid="monitoring">
      {error ? (
        <ErrorState error={error} retry={() => void refetch().catch(() => undefined)} />
      ) : !data ? (
        <p className="muted">Loading the monitoring state…</p>
      ) : monitored ? (
        <p>
          Monitored since {formatDateTime(monitored.since)} by <code>{monitored.source.toLowerCase()}</code>
          {monitored.pinned ? (
            <>
              {' '}
              <span className="badge" data-testid="pinned">
                pinned
              </span>
            </>
          ) : null}
          <span className="muted">
            {' '}
            · last poll {formatAgo(monitored.lastPolledAt, now)}
            {monitored.chatters !== null ? ` · ${formatInteger(monitored.chatters)} chatters` : ''}
            {monitored.keptUntil ? ` · kept until ${formatDateTime(monitored.keptUntil)}` : ''}
          </span>
        </p>
      ) : (
        <p className="muted">
          Not monitored now: the tracker watches the top live channels and the channels an administrator pins.
        </p>
      )}
      {me?.me.isAdmin && data ? (
        <div className="toolbar">
          {monitored?.pinned ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => void unpin({ variables: { login: channel } }).catch(() => undefined)}
            >
              Unpin channel
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void pin({ variables: { login: channel } }).catch(() => undefined)}
            >
              Pin channel
            </button>
          )}
          <span className="muted">A pinned channel is monitored even outside the top or offline.</span>
        </div>
      ) : null}
      {mutationError ? <ErrorState error={mutationError} /> : null}
    </div>
  );
}
