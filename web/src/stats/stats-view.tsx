import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { ME } from '../auth/me.query';
import { formatAgo, formatDateTime, formatInteger } from '../common/format';
import { ErrorState, Loading } from '../common/query-state';
import { enumParam, intParam } from '../common/url-state';
import { useNow } from '../common/use-now';
import { useUrlState } from '../common/use-url-state';
import { compareStats, differingGameIds } from './compare-stats';
import { DuplicateGroupsTable } from './duplicate-groups-table';
import { GAME_SORT_KEYS, GamesTable } from './games-table';
import { isNotReady, QueryFailure } from './query-failure';
import { SORT_DIRECTIONS } from './sort-rows';
import { FiguresTable, ParityBars, type SourceAnswer } from './stats-figures';
import { REFRESH_TOP_STREAMS, type StatsSource, STREAM_STATS } from './stream-stats.query';
import { TOP_STREAMS } from './top-streams.query';
import { TopStreamsSection } from './top-streams-section';

const SOURCE_CHOICES = ['MEMORY', 'DATABASE', 'BOTH'] as const;
type SourceChoice = (typeof SOURCE_CHOICES)[number];

const PARAMS = {
  source: enumParam(SOURCE_CHOICES, 'BOTH'),
  gamesSort: enumParam(GAME_SORT_KEYS, 'maxViewers'),
  gamesDir: enumParam(SORT_DIRECTIONS, 'desc'),
  groups: intParam(20, 1, 1000),
  order: enumParam(['DESC', 'ASC'] as const, 'DESC'),
};

const GROUP_LIMITS = [10, 20, 50, 100, 1000];

const SOURCE_HELP: Record<SourceChoice, string> = {
  MEMORY: 'computed in the service over the loaded snapshot',
  DATABASE: 'computed by SQL in the database',
  BOTH: 'both, side by side, with any difference flagged',
};

/** One source's answer as the view needs it. */
function useSourceStats(source: StatsSource, wanted: boolean, groupsLimit: number) {
  const result = useQuery(STREAM_STATS, { variables: { source, groupsLimit }, skip: !wanted });
  return { source, wanted, ...result };
}

/**
 * Statistics over the latest top-streams snapshot from MEMORY, DATABASE or both (compared figure by
 * figure), the games and the shared viewer counts, and the top 100 streams.
 */
export function StatsView() {
  const [params, setParams] = useUrlState(PARAMS);
  const now = useNow(10_000);
  const me = useQuery(ME);
  const memory = useSourceStats('MEMORY', params.source !== 'DATABASE', params.groups);
  const database = useSourceStats('DATABASE', params.source !== 'MEMORY', params.groups);
  const shown = [memory, database].filter((one) => one.wanted);
  const [refresh, refreshing] = useMutation(REFRESH_TOP_STREAMS, {
    refetchQueries: [STREAM_STATS, TOP_STREAMS],
    awaitRefetchQueries: true,
  });

  const answers: SourceAnswer[] = shown.flatMap((one) =>
    one.data ? [{ source: one.source, stats: one.data.streamStats }] : [],
  );
  const comparison = useMemo(
    () =>
      memory.data && database.data && params.source === 'BOTH'
        ? compareStats(memory.data.streamStats, database.data.streamStats)
        : undefined,
    [memory.data, database.data, params.source],
  );
  const differing = useMemo(
    () =>
      comparison && memory.data && database.data
        ? differingGameIds(memory.data.streamStats.games, database.data.streamStats.games)
        : undefined,
    [comparison, memory.data, database.data],
  );
  const reload = () => shown.forEach((one) => void one.refetch());
  const primary = answers[0]?.stats;
  const failures = shown.filter((one) => one.error);
  const allNotReady =
    failures.length > 0 && failures.length === shown.length && failures.every((one) => isNotReady(one.error));
  const waiting = shown.some((one) => !one.data && !one.error);

  return (
    <div className="stats-view">
      <h1>Stream statistics</h1>
      <div className="toolbar">
        <fieldset className="segmented">
          <legend>Computed by</legend>
          {SOURCE_CHOICES.map((choice) => (
            <label key={choice} title={SOURCE_HELP[choice]}>
              <input
                type="radio"
                name="stats-source"
                value={choice}
                checked={params.source === choice}
                onChange={() => setParams({ source: choice })}
              />
              {choice}
            </label>
          ))}
        </fieldset>
        <label>
          Shared viewer counts shown
          <select
            value={params.groups}
            onChange={(event) => setParams({ groups: Number(event.target.value) })}
          >
            {GROUP_LIMITS.map((limit) => (
              <option key={limit} value={limit}>
                {limit}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={reload}>
          Reload figures
        </button>
        {me.data?.me.isAdmin ? (
          <button
            type="button"
            className="primary"
            data-testid="refresh-now"
            disabled={refreshing.loading}
            onClick={() => void refresh().catch(() => undefined)}
            title="Fetch the top streams from Twitch now, then show the new snapshot"
          >
            {refreshing.loading ? 'Refreshing…' : 'Refresh now'}
          </button>
        ) : null}
      </div>
      <p className="muted">{SOURCE_HELP[params.source]}.</p>
      {refreshing.error ? (
        <ErrorState error={refreshing.error} retry={() => void refresh().catch(() => undefined)} />
      ) : null}
      {refreshing.data && !refreshing.loading && !refreshing.error ? (
        <p className="muted" role="status">
          Snapshot #{refreshing.data.refreshTopStreams.id} taken{' '}
          {formatAgo(refreshing.data.refreshTopStreams.takenAt, now)}.
        </p>
      ) : null}

      {allNotReady ? (
        <QueryFailure error={failures[0]!.error} retry={reload} />
      ) : (
        failures.map((one) => (
          <div key={one.source}>
            <h2>{one.source} failed</h2>
            <QueryFailure error={one.error} retry={() => void one.refetch()} />
          </div>
        ))
      )}
      {waiting && answers.length === 0 ? <Loading what="the statistics" /> : null}
      {waiting && answers.length > 0 ? (
        <p className="muted" role="status">
          Waiting for{' '}
          {shown
            .filter((one) => !one.data && !one.error)
            .map((one) => one.source)
            .join(' and ')}
          …
        </p>
      ) : null}

      {primary ? (
        <>
          <p className="snapshot-line" data-testid="snapshot-line">
            Snapshot <strong>#{primary.snapshot.id}</strong> of {formatInteger(primary.snapshot.streamCount)}{' '}
            streams, taken {formatDateTime(primary.snapshot.takenAt)} (
            {formatAgo(primary.snapshot.takenAt, now)}).
          </p>
          <div className="grid">
            <FiguresTable answers={answers} comparison={comparison} now={now} />
            <ParityBars answers={answers} />
          </div>
          <section aria-labelledby="games-heading">
            <h2 id="games-heading">
              Games{answers.length > 1 ? <span className="muted"> ({answers[0]!.source})</span> : null}
            </h2>
            <GamesTable
              games={primary.games}
              sort={{ key: params.gamesSort, direction: params.gamesDir }}
              onSort={(sort) => setParams({ gamesSort: sort.key, gamesDir: sort.direction })}
              differing={differing}
            />
          </section>
          <section aria-labelledby="groups-heading">
            <h2 id="groups-heading">
              Shared viewer counts
              {answers.length > 1 ? <span className="muted"> ({answers[0]!.source})</span> : null}
            </h2>
            <p className="muted">
              {formatInteger(primary.duplicateViewerStreams)} streams share their viewer count with another;
              the {formatInteger(primary.duplicateGroups.length)} largest groups:
            </p>
            <DuplicateGroupsTable groups={primary.duplicateGroups} />
          </section>
        </>
      ) : null}
      <TopStreamsSection order={params.order} onOrder={(order) => setParams({ order })} now={now} />
    </div>
  );
}
