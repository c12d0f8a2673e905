import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ErrorState, Loading } from '../common/query-state';
import { useUrlState } from '../common/use-url-state';
import { isPastRange, resolveRange } from '../common/time-range';
import type { MapBody as MapBodyComponent } from './map-body';
import { MapToolbar } from './map-toolbar';
import { MAP_PARAMS } from './map-url-state';
import { MIGRATION_GRAPH } from './migration-graph.query';
import { channelPath } from '../common/channel-link';

type MapBodyType = typeof MapBodyComponent;
/** The map's heavy part (sigma.js, graphology, ForceAtlas2), once loaded. */
let loadedMapBody: MapBodyType | undefined;
let loadingMapBody: Promise<MapBodyType> | undefined;
function loadMapBody(): Promise<MapBodyType> {
  loadingMapBody ??= import('./map-body').then(
    (module) => (loadedMapBody = module.MapBody),
    (error: unknown) => {
      loadingMapBody = undefined;
      throw error;
    },
  );
  return loadingMapBody;
}

/**
 * The map's drawing code, loaded in parallel with the query rather than before it: this view is in the
 * main bundle, so its query leaves at once, and the chunk is fetched and parsed while the API answers.
 */
function useMapBody(): { MapBody?: MapBodyType; failure?: unknown; retry: () => void } {
  const [state, setState] = useState<{ MapBody?: MapBodyType; failure?: unknown }>(() => ({
    MapBody: loadedMapBody,
  }));
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (loadedMapBody) return;
    let live = true;
    loadMapBody().then(
      (MapBody) => live && setState({ MapBody }),
      (failure: unknown) => live && setState({ failure }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}

/** Channels and the migrations between them, drawn as a force-directed graph. */
export function MapView() {
  const drawing = useMapBody();
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
    (login: string) => navigate(channelPath(login), { state: { from: location } }),
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
      ) : drawing.failure ? (
        <ErrorState error={drawing.failure} retry={drawing.retry} />
      ) : !result || !drawing.MapBody ? (
        <Loading what="the migration map" />
      ) : (
        <drawing.MapBody
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
