import { useQuery } from '@apollo/client/react';
import { formatDateTime, formatInteger } from '../common/format';
import { EmptyState, ErrorState, Loading } from '../common/query-state';
import type { MigrationFields } from '../common/migration.fragment';
import { MigrationSource } from '../common/migration-source';
import { CHANNEL_MIGRATIONS, MIGRATIONS_PAGE_SIZE } from './channel-migrations.query';
import type { TimeRange } from '../common/time-range';
import { ChannelLink } from '../common/channel-link';

/** out: the channel's viewers leaving it (fromChannel); in: viewers arriving (toChannel). */
export const MIGRATION_DIRECTIONS = ['out', 'in'] as const;
export type MigrationDirection = (typeof MIGRATION_DIRECTIONS)[number];

const TAB_LABELS: Readonly<Record<MigrationDirection, string>> = { out: 'Left to', in: 'Came from' };

interface Props {
  channel: string;
  range: TimeRange;
  direction: MigrationDirection;
  after: string | undefined;
  linkSearch: string;
  onDirection(direction: MigrationDirection): void;
  onAfter(after: string | undefined): void;
}

/** The channel's single migrations in the range, newest first, a page at a time. */
export function ChannelMigrations({
  channel,
  range,
  direction,
  after,
  linkSearch,
  onDirection,
  onAfter,
}: Props) {
  const { data, error, loading, refetch } = useQuery(CHANNEL_MIGRATIONS, {
    variables: {
      ...(direction === 'out' ? { fromChannel: channel } : { toChannel: channel }),
      since: range.since,
      until: range.until,
      first: MIGRATIONS_PAGE_SIZE,
      after,
    },
  });
  const connection = data?.migrations;
  return (
    <div className="panel migrations">
      <h2>Migrations</h2>
      <div className="toolbar">
        <div role="group" aria-label="Direction" className="tabs">
          {MIGRATION_DIRECTIONS.map((tab) => (
            <button
              key={tab}
              type="button"
              aria-pressed={tab === direction}
              className={tab === direction ? 'primary' : undefined}
              onClick={() => onDirection(tab)}
            >
              {TAB_LABELS[tab]}
            </button>
          ))}
        </div>
        {connection ? (
          <p
            className="muted"
            data-testid="migrations-total"
            data-count={connection.totalCount}
            data-since={range.since}
            data-until={range.until}
          >
            {formatInteger(connection.totalCount)} migrations {direction === 'out' ? 'out of' : 'into'}{' '}
            {channel}
            {after ? ' (a later page)' : ''}
          </p>
        ) : null}
      </div>
      {error ? (
        <ErrorState error={error} retry={() => void refetch().catch(() => undefined)} />
      ) : !connection ? (
        loading ? (
          <Loading what="the migrations" />
        ) : null
      ) : connection.edges.length === 0 ? (
        <EmptyState>
          {after
            ? 'No more migrations on this page. '
            : `No migrations ${direction === 'out' ? 'out of' : 'into'} ${channel} in this range. `}
          {after ? (
            <button type="button" onClick={() => onAfter(undefined)}>
              First page
            </button>
          ) : (
            'Migrations become final a few minutes after they happen; try a longer range.'
          )}
        </EmptyState>
      ) : (
        <>
          <MigrationTable rows={connection.edges.map((edge) => edge.node)} linkSearch={linkSearch} />
          <div className="toolbar pager">
            <button type="button" disabled={!after} onClick={() => onAfter(undefined)}>
              First page
            </button>
            <button
              type="button"
              disabled={!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor}
              onClick={() => onAfter(connection.pageInfo.endCursor ?? undefined)}
            >
              Next page
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function MigrationTable({ rows, linkSearch }: { rows: MigrationFields[]; linkSearch: string }) {
  const channelLink = (login: string) => <ChannelLink login={login} search={linkSearch} />;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Left at</th>
          <th scope="col">Joined at</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="migration-row" data-id={row.id}>
            <td>{row.userLogin}</td>
            <td>{channelLink(row.fromChannel)}</td>
            <td>{channelLink(row.toChannel)}</td>
            <td>{formatDateTime(row.leftAt)}</td>
            <td>{formatDateTime(row.joinedAt)}</td>
            <td>
              <MigrationSource migration={row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
