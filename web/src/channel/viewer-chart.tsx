import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { formatDateTime, formatInteger } from '../common/format';
import { EmptyState, ErrorState, Loading } from '../common/query-state';
import {
  type ChartPoint,
  latestValues,
  linearScale,
  pathData,
  segments,
  type Series,
  valueExtent,
} from './chart-scale';
import type { TimeRange } from '../common/time-range';
import { VIEWER_COUNTS } from './viewer-counts.query';

const WIDTH = 960;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 64 };
const SERIES: ReadonlyArray<{ name: Series; label: string }> = [
  { name: 'viewers', label: 'Viewers' },
  { name: 'chatters', label: 'Chatters' },
];

/** The channel's viewers and chatters over the range, as two lines; unknown samples leave gaps. */
export function ViewerChart({ channel, range }: { channel: string; range: TimeRange }) {
  const { data, error, loading, refetch } = useQuery(VIEWER_COUNTS, {
    variables: { channel, since: range.since, until: range.until },
  });
  const points = useMemo<ChartPoint[]>(
    () =>
      (data?.viewerCounts ?? []).map((point) => ({
        at: Date.parse(point.at),
        viewers: point.viewers,
        chatters: point.chatters,
      })),
    [data],
  );
  return (
    <div className="panel chart-panel">
      <h2>Audience</h2>
      {error ? (
        <ErrorState error={error} retry={() => void refetch().catch(() => undefined)} />
      ) : !data ? (
        loading ? (
          <Loading what="the audience" />
        ) : null
      ) : (
        <AudienceChart channel={channel} range={range} points={points} />
      )}
    </div>
  );
}

function AudienceChart({
  channel,
  range,
  points,
}: {
  channel: string;
  range: TimeRange;
  points: ChartPoint[];
}) {
  const extent = valueExtent(points, ['viewers', 'chatters']);
  if (!extent)
    return (
      <EmptyState>
        No audience samples of {channel} in this range: samples are taken while the channel is monitored (in
        the top streams, or pinned by an administrator).
      </EmptyState>
    );
  const start = Date.parse(range.since);
  const end = Date.parse(range.until);
  const x = linearScale([start, end], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale(extent, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const latest = latestValues(points);
  const latestAt = Math.max(latest.viewers?.at ?? 0, latest.chatters?.at ?? 0);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Viewers and chatters of ${channel} from ${formatDateTime(range.since)} to ${formatDateTime(range.until)}`}
      >
        <line
          className="axis"
          x1={MARGIN.left}
          x2={MARGIN.left}
          y1={MARGIN.top}
          y2={HEIGHT - MARGIN.bottom}
        />
        <line
          className="axis"
          x1={MARGIN.left}
          x2={WIDTH - MARGIN.right}
          y1={HEIGHT - MARGIN.bottom}
          y2={HEIGHT - MARGIN.bottom}
        />
        <text x={MARGIN.left - 6} y={y(extent[1])} textAnchor="end" dominantBaseline="middle">
          {formatInteger(extent[1])}
        </text>
        {extent[0] !== extent[1] ? (
          <text x={MARGIN.left - 6} y={y(extent[0])} textAnchor="end" dominantBaseline="middle">
            {formatInteger(extent[0])}
          </text>
        ) : null}
        <text x={MARGIN.left} y={HEIGHT - 8} textAnchor="start">
          {formatDateTime(range.since)}
        </text>
        <text x={WIDTH - MARGIN.right} y={HEIGHT - 8} textAnchor="end">
          {formatDateTime(range.until)}
        </text>
        {SERIES.map(({ name }) => {
          const runs = segments(points, name, x, y);
          return (
            <g key={name} className={`series ${name}`}>
              <path d={pathData(runs)} />
              {runs
                .filter((run) => run.length === 1)
                .map(([[cx, cy]]) => (
                  <circle key={`${cx},${cy}`} cx={cx} cy={cy} r={2.5} />
                ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="legend viewers">Viewers</span> <span className="legend chatters">Chatters</span>
        <span className="muted">
          {' '}
          Latest: {formatInteger(latest.viewers?.value)} viewers, {formatInteger(latest.chatters?.value)}{' '}
          chatters
          {latestAt > 0 ? ` (${formatDateTime(new Date(latestAt).toISOString())})` : ''}; {points.length}{' '}
          samples.
        </span>
      </figcaption>
    </figure>
  );
}
