import { useQuery } from '@apollo/client/react';
import { useCallback, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { formatDateTime, formatInteger } from '../common/format';
import { EmptyState, ErrorState, Loading } from '../common/query-state';
import { useUrlState } from '../common/use-url-state';
import { isPastRange, resolveRange } from '../common/time-range';
import { buildMigrationGraph, layoutGraph, type MapModel } from './graph-model';
import { MapCanvas } from './map-canvas';
import { MapToolbar } from './map-toolbar';
import { MAP_PARAMS } from './map-url-state';
import { MIGRATION_GRAPH, type MigrationGraphResult } from './migration-graph.query';

/** Channels and the migrations between them, drawn as a force-directed graph. */
export function MapView() {
  const [params, update] = useUrlState(MAP_PARAMS);
  // Preset ranges end at this moment, fixed until the range changes or the person refreshes, so the
  // query's variables stay the same from one render to the next.
  const [anchor, setAnchor] = useState(() => Date.now());
  const resolved = useMemo(
    () => resolveRange(params.range, params.since, params.until, anchor),
    [params.range, params.since, params.until, anchor],
  );
  // A backwards custom range is the person's to fix, not a request to send.
  const range = resolved.ok ? resolved.range : { since: '', until: '' };
  const channel = params.channel.trim().toLowerCase();
  const variables = {
    since: range.since,
    until: range.until,
    minCount: params.minCount,
    limit: params.limit,
    ...(params.only && channel ? { channels: [channel] } : {}),
  };
  const { data, previousData, loading, error, refetch } = useQuery(MIGRATION_GRAPH, {
    variables,
    skip: !resolved.ok,
  });
  const result = (data ?? previousData)?.migrationGraph;

  const navigate = useNavigate();
  const location = useLocation();
  const openChannel = useCallback(
    (login: string) => navigate(`/channels/${encodeURIComponent(login)}`, { state: { from: location } }),
    [navigate, location],
  );
  const refresh = () => {
    setAnchor(Date.now());
    if (params.range === 'custom') void refetch();
  };

  return (
    <section className="map-view" aria-labelledby="map-title">
      <h1 id="map-title">Migration map</h1>
      <MapToolbar
        params={params}
        update={update}
        channels={result?.nodes.map((node) => node.channel) ?? []}
        onRefresh={refresh}
        refreshing={loading}
        shown={resolved.ok ? resolved.range : undefined}
      />
      {!resolved.ok ? (
        <p className="state error" role="alert">
          {resolved.problem}
        </p>
      ) : error ? (
        <ErrorState error={error} retry={() => void refetch()} />
      ) : !result ? (
        <Loading what="the migration map" />
      ) : (
        <MapBody
          result={result}
          busy={loading || !data}
          minCount={params.minCount}
          past={isPastRange(range, anchor)}
          search={channel}
          onOpenChannel={openChannel}
        />
      )}
    </section>
  );
}

function MapBody({
  result,
  busy,
  minCount,
  past,
  search,
  onOpenChannel,
}: {
  result: MigrationGraphResult;
  /** An answer for other arguments is shown while the one for these is on its way. */
  busy: boolean;
  minCount: number;
  past: boolean;
  search: string;
  onOpenChannel: (login: string) => void;
}) {
  // ForceAtlas2 runs here, once per answer: a bounded number of iterations from seeded positions.
  const model: MapModel = useMemo(() => {
    const built = buildMigrationGraph(result);
    layoutGraph(built.graph);
    return built;
  }, [result]);
  const { graph, legend } = model;
  const found = search && graph.hasNode(search) ? search : undefined;

  return (
    <>
      <div
        className="figures map-summary"
        data-testid="map-summary"
        aria-busy={busy}
        data-min-count={minCount}
        data-nodes={graph.order}
        data-edges={graph.size}
        data-total={result.totalMigrations}
        data-since={result.since}
        data-until={result.until}
      >
        <div className="figure">
          <div className="muted">Migrations in range</div>
          <div className="value">{formatInteger(result.totalMigrations)}</div>
        </div>
        <div className="figure">
          <div className="muted">Channels shown</div>
          <div className="value">{formatInteger(graph.order)}</div>
        </div>
        <div className="figure">
          <div className="muted">Edges shown</div>
          <div className="value">{formatInteger(graph.size)}</div>
        </div>
        <div className="figure">
          <div className="muted">Range</div>
          <div className="map-range">
            {formatDateTime(result.since)} → {formatDateTime(result.until)}
          </div>
        </div>
      </div>
      {graph.size === 0 ? (
        <EmptyState>
          {past
            ? 'No migrations in this range. Pick a longer range or lower the minimum per edge.'
            : 'No migrations yet — the first ones become final a few minutes after start.'}
          {search ? ` (Only edges of “${search}” are asked for when the box is ticked.)` : null}
        </EmptyState>
      ) : (
        <>
          {search ? (
            <p className="muted map-search-result" role="status">
              {found ? (
                <>
                  {found} is on the map, highlighted with its neighbours.{' '}
                  <a
                    href={`/channels/${encodeURIComponent(found)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      onOpenChannel(found);
                    }}
                  >
                    Open {found}’s channel panel
                  </a>
                </>
              ) : (
                <>“{search}” is not on this map.</>
              )}
            </p>
          ) : null}
          <MapCanvas graph={graph} search={search} onOpenChannel={onOpenChannel} />
          <ul className="map-legend" aria-label="Colours by game">
            {legend.map((entry) => (
              <li key={entry.label}>
                <span className="map-swatch" style={{ background: entry.color }} aria-hidden="true" />
                {entry.label} <span className="muted">({formatInteger(entry.channels)})</span>
              </li>
            ))}
          </ul>
          <p className="muted">
            Node size: migrations in and out; arrow width: migrations from one channel to the other. Hover for
            figures, click a channel to open it; drag to pan, scroll to zoom.
          </p>
        </>
      )}
    </>
  );
}
