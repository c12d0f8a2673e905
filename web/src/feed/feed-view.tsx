import { useSubscription } from '@apollo/client/react';
import { type FormEvent, memo, useState } from 'react';
import { formatDateTime } from '../common/format';
import { EmptyState, ErrorState } from '../common/query-state';
import { stringParam } from '../common/url-state';
import { useUrlState } from '../common/use-url-state';
import { STATUS_LABELS } from './connection-status';
import { FEED_CAPACITY } from './feed-buffer';
import type { MigrationFields } from '../common/migration.fragment';
import { MigrationSource } from '../common/migration-source';
import { MIGRATION_RECORDED } from './migration-recorded.subscription';
import { useConnectionStatus } from './use-connection-status';
import { useFeedRows } from './use-feed-rows';
import { ChannelLink } from '../common/channel-link';

const URL_SPECS = { channel: stringParam() };

/** Migrations as the tracker stores them, newest first, optionally only those of one channel. */
export function FeedView() {
  const [state, setState] = useUrlState(URL_SPECS);
  const channel = state.channel.trim().toLowerCase();
  return (
    <section className="feed" aria-labelledby="feed-title">
      <h1 id="feed-title">Live feed</h1>
      {/* A new filter is a new subscription: the key starts it with an empty list. */}
      <ChannelFilter
        key={`filter:${channel}`}
        channel={channel}
        onChannel={(next) => setState({ channel: next })}
      />
      <FeedList key={channel} channel={channel} />
    </section>
  );
}

function ChannelFilter({ channel, onChannel }: { channel: string; onChannel(channel: string): void }) {
  const [text, setText] = useState(channel);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChannel(text.trim().toLowerCase());
  };
  return (
    <form className="toolbar" onSubmit={submit} role="search">
      <label>
        Channel
        <input
          type="search"
          value={text}
          placeholder="any channel"
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <button type="submit">Filter</button>
      {channel ? (
        <button type="button" onClick={() => onChannel('')}>
          Show all channels
        </button>
      ) : null}
    </form>
  );
}

function FeedList({ channel }: { channel: string }) {
  const status = useConnectionStatus();
  const [rows, add] = useFeedRows<MigrationFields>();
  const { error, restart } = useSubscription(MIGRATION_RECORDED, {
    variables: channel ? { channel } : {},
    onData: ({ data }) => {
      const migration = data.data?.migrationRecorded;
      if (migration) add(migration);
    },
  });
  return (
    <>
      <p className="muted feed-status" role="status" data-testid="feed-status" data-status={status}>
        <span className={`dot ${status}`} aria-hidden="true" /> {STATUS_LABELS[status]}
        {channel ? ` · only migrations out of or into ${channel}` : ' · all channels'}
        {rows.length > 0 ? ` · ${rows.length} shown (the newest ${FEED_CAPACITY} are kept)` : ''}
      </p>
      {error ? <ErrorState error={error} retry={restart} /> : null}
      {rows.length === 0 ? (
        <EmptyState>
          Waiting for migrations{channel ? ` out of or into ${channel}` : ''} — each appears here the moment
          the tracker stores it; the first ones become final a few minutes after start.
        </EmptyState>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Joined at</th>
              <th scope="col">User</th>
              <th scope="col">From → to</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <FeedRow key={row.id} row={row} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A row renders once: rows above it come and go, it stays as it was. */
const FeedRow = memo(function FeedRow({ row }: { row: MigrationFields }) {
  return (
    <tr data-testid="feed-row" data-id={row.id}>
      <td>{formatDateTime(row.joinedAt)}</td>
      <td>{row.userLogin}</td>
      <td>
        <ChannelLink login={row.fromChannel} /> → <ChannelLink login={row.toChannel} />
      </td>
      <td>
        <MigrationSource migration={row} />
      </td>
    </tr>
  );
});
