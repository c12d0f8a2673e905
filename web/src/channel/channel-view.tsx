import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { dateParam, enumParam, stringParam } from '../common/url-state';
import { useUrlState } from '../common/use-url-state';
import { ChannelMigrations, MIGRATION_DIRECTIONS } from './channel-migrations';
import { FlowLists } from './flow-lists';
import { MonitoringPanel } from './monitoring-panel';
import { RangeControls } from '../common/range-controls';
import { RANGE_PRESETS, rangeSearch, resolveRange } from '../common/time-range';
import { ViewerChart } from './viewer-chart';

const URL_SPECS = {
  range: enumParam(RANGE_PRESETS, '24h'),
  since: dateParam(),
  until: dateParam(),
  tab: enumParam(MIGRATION_DIRECTIONS, 'out'),
  after: stringParam(),
};

/** One channel: where its viewers went and came from, its audience over time, its migrations, its monitoring. */
export function ChannelView() {
  const { login = '' } = useParams();
  const channel = login.toLowerCase();
  const [search] = useSearchParams();
  const [state, setState] = useUrlState(URL_SPECS);
  // A preset ends at the moment the view was opened (or refreshed): the queries keep stable arguments.
  const [now, setNow] = useState(() => Date.now());
  const resolved = useMemo(
    () => resolveRange(state.range, state.since, state.until, now),
    [state.range, state.since, state.until, now],
  );
  const keepRange = rangeSearch(search);

  return (
    <section className="channel" aria-labelledby="channel-title">
      <p>
        <Link to={`/map${keepRange}`}>← Back to the map</Link>
      </p>
      <h1 id="channel-title">{channel}</h1>
      <div className="toolbar">
        <RangeControls
          range={state.range}
          since={state.since}
          until={state.until}
          shown={resolved.ok ? resolved.range : undefined}
          onChange={(patch, options) => setState({ ...patch, after: '' }, options)}
        />
        {state.range === 'custom' ? null : (
          <button type="button" onClick={() => setNow(Date.now())}>
            Refresh
          </button>
        )}
        {resolved.ok ? (
          <p
            className="muted range-caption"
            data-testid="range"
            data-since={resolved.range.since}
            data-until={resolved.range.until}
          >
            {formatDateTime(resolved.range.since)} – {formatDateTime(resolved.range.until)}
          </p>
        ) : null}
      </div>
      <MonitoringPanel channel={channel} />
      {resolved.ok ? (
        <>
          <FlowLists channel={channel} range={resolved.range} linkSearch={keepRange} />
          <ViewerChart channel={channel} range={resolved.range} />
          <ChannelMigrations
            channel={channel}
            range={resolved.range}
            direction={state.tab}
            after={state.after || undefined}
            linkSearch={keepRange}
            onDirection={(tab) => setState({ tab, after: '' })}
            onAfter={(after) => setState({ after: after ?? '' })}
          />
        </>
      ) : (
        <p className="state error" role="alert">
          {resolved.problem} Change the dates above, or pick a preset.
        </p>
      )}
    </section>
  );
}
