import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { formatAgo, formatDateTime, formatInteger, formatNumber } from '../common/format';
import { EmptyState, ErrorState, Loading } from '../common/query-state';
import { enumParam } from '../common/url-state';
import { useNow } from '../common/use-now';
import { useUrlState } from '../common/use-url-state';
import { SortableHeader } from '../stats/sortable-header';
import { nextSort, SORT_DIRECTIONS } from '../stats/sort-rows';
import { CHANNEL_COLUMNS, CHANNEL_SORT_KEYS, countBySource, sortChannels } from './tracker-model';
import { PRESENCE_SOURCES } from '../common/migration.fragment';
import { type MonitoredChannelRow, TRACKER, type TrackerData } from './tracker.query';
import { ChannelLink } from '../common/channel-link';

const POLL_MS = 15_000;

const PARAMS = {
  sort: enumParam(CHANNEL_SORT_KEYS, 'viewers'),
  dir: enumParam(SORT_DIRECTIONS, 'desc'),
};

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="figure">
      <div className="muted">{label}</div>
      <div className="value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function StatusFigures({ status, now }: { status: TrackerData['trackerStatus']; now: number }) {
  return (
    <div className="figures tracker-status">
      <Figure label="Tracker" value={status.running ? 'running' : 'stopped'} testId="tracker-running" />
      <div className="figure">
        <div className="muted">Channels monitored</div>
        <div className="value" data-testid="tracker-channels">
          {formatInteger(status.channels)}
        </div>
        <div className="muted" data-testid="tracker-channels-detail">
          {formatInteger(status.keptChannels)} kept while their audience leaves,{' '}
          {formatInteger(status.unwatchedChannels)} not read now
        </div>
      </div>
      <div className="figure">
        <div className="muted">Get Chatters every</div>
        <div className="value" data-testid="tracker-poll-interval">
          {formatNumber(Math.round(status.pollIntervalMs / 1000))} s
        </div>
        <div className="muted" data-testid="tracker-helix-budget">
          {formatInteger(Math.round(status.plannedHelixPointsPerMinute))} of{' '}
          {formatInteger(status.helixPointsPerMinute)} Helix points a minute
        </div>
      </div>
      <Figure label="Users tracked" value={formatInteger(status.trackedUsers)} testId="tracker-users" />
      <Figure
        label="Migrations stored since start"
        value={formatInteger(status.migrationsRecorded)}
        testId="tracker-migrations"
      />
      <div className="figure">
        <div className="muted">Last round</div>
        <div className="value" title={formatDateTime(status.lastRoundAt)}>
          {status.lastRoundAt ? formatAgo(status.lastRoundAt, now) : 'none yet'}
        </div>
        {status.lastRoundMs !== null ? (
          <div className="muted">took {formatNumber(Math.round(status.lastRoundMs))} ms</div>
        ) : null}
      </div>
    </div>
  );
}

/** Why a monitored channel is not read now, as the table shows it. */
const UNWATCHED_REASONS: Record<
  NonNullable<MonitoredChannelRow['unwatchedReason']>,
  { label: string; title: string }
> = {
  CHAT_CHANNEL_LIMIT: {
    label: 'not read: chat limit',
    title:
      'Twitch lets one chat user be in at most 100 channels at once; pins and bigger audiences have the places.',
  },
  CHAT_JOIN_REFUSED: {
    label: 'not read: join refused',
    title: 'Twitch refused to join this chat; it is tried again 10 minutes later.',
  },
  CHAT_JOIN_UNANSWERED: {
    label: 'not read: join unanswered',
    title: 'Twitch did not answer the join of this chat in time; it is tried again a minute later.',
  },
};

/** The tracker's state and the channels it watches now, polled every 15 s. */
export function TrackerView() {
  const [params, setParams] = useUrlState(PARAMS);
  const now = useNow(5_000);
  const { data, error, refetch } = useQuery(TRACKER, { pollInterval: POLL_MS });
  const sort = useMemo(() => ({ key: params.sort, direction: params.dir }), [params.sort, params.dir]);
  const rows = useMemo(() => (data ? sortChannels(data.monitoredChannels, sort) : []), [data, sort]);
  const counts = useMemo(() => countBySource(data?.monitoredChannels ?? []), [data]);

  if (!data) {
    return (
      <div className="tracker-view">
        <h1>Tracker</h1>
        {error ? <ErrorState error={error} retry={() => void refetch()} /> : <Loading what="the tracker" />}
      </div>
    );
  }
  return (
    <div className="tracker-view">
      <h1>Tracker</h1>
      <StatusFigures status={data.trackerStatus} now={now} />
      {error ? <ErrorState error={error} retry={() => void refetch()} /> : null}
      <h2>Monitored channels</h2>
      <p data-testid="source-counts">
        {formatInteger(data.monitoredChannels.length)} channels:{' '}
        {PRESENCE_SOURCES.map((source, index) => (
          <span key={source} data-testid={`source-count-${source}`} data-value={counts[source]}>
            {index > 0 ? ', ' : null}
            {formatInteger(counts[source])} {source}
          </span>
        ))}
        . <span className="muted">Updated every 15 s.</span>
      </p>
      {rows.length === 0 ? (
        <EmptyState>
          {data.trackerStatus.running
            ? 'No channel is watched yet — the tracker picks the top live channels once the first top-streams snapshot is in.'
            : 'The tracker is not running (TRACKER_ENABLED=false), so no channel is watched.'}
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table data-testid="monitored-table">
            <thead>
              <tr>
                {CHANNEL_SORT_KEYS.map((key) => (
                  <SortableHeader
                    key={key}
                    column={key}
                    label={CHANNEL_COLUMNS[key].label}
                    sort={sort}
                    numeric={CHANNEL_COLUMNS[key].numeric}
                    onSort={(column) => {
                      const next = nextSort(sort, column, CHANNEL_COLUMNS[column].first);
                      setParams({ sort: next.key, dir: next.direction });
                    }}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.login} data-testid="monitored-row" data-login={row.login}>
                  <td>
                    <ChannelLink login={row.login} />
                  </td>
                  <td>
                    {row.source}
                    {row.unwatchedReason ? (
                      <span
                        className="badge"
                        data-testid="unwatched-reason"
                        title={UNWATCHED_REASONS[row.unwatchedReason].title}
                      >
                        {UNWATCHED_REASONS[row.unwatchedReason].label}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {row.pinned ? <span className="badge">pinned</span> : <span className="muted">no</span>}
                  </td>
                  <td title={formatDateTime(row.since)}>{formatAgo(row.since, now)}</td>
                  <td title={formatDateTime(row.lastPolledAt)}>
                    {row.lastPolledAt ? (
                      formatAgo(row.lastPolledAt, now)
                    ) : (
                      <span className="muted">not yet</span>
                    )}
                  </td>
                  <td className="num">{formatInteger(row.chatters)}</td>
                  <td>{row.keptUntil ? formatDateTime(row.keptUntil) : <span className="muted">—</span>}</td>
                  <td className="num">
                    {row.stream ? (
                      formatInteger(row.stream.viewerCount)
                    ) : (
                      <span className="muted" title="Not in the latest top-streams snapshot">
                        not in top
                      </span>
                    )}
                  </td>
                  <td>{row.stream?.gameName ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
