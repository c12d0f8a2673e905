import { useMemo } from 'react';
import { formatDateTime, formatInteger } from '../common/format';
import { EmptyState } from '../common/query-state';
import { buildMigrationGraph, layoutGraph, type MapModel } from './graph-model';
import { MapCanvas } from './map-canvas';
import type { MigrationGraphResult } from './migration-graph.query';
import { channelPath } from '../common/channel-link';

/**
 * The map of one answer: figures, the WebGL drawing and the legend. Its own chunk (sigma.js, graphology,
 * ForceAtlas2), which MapView starts loading as soon as it renders, while the query is on its way.
 */
export function MapBody({
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
                    href={channelPath(found)}
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
