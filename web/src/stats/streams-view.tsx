import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { formatInteger } from '../common/format';
import { EmptyState, Loading } from '../common/query-state';
import { enumParam, intParam, optionalIntParam, stringParam } from '../common/url-state';
import { useNow } from '../common/use-now';
import { useUrlState } from '../common/use-url-state';
import { QueryFailure } from './query-failure';
import { sortRows, textKey } from './sort-rows';
import { GAME_CHOICES, type Parity, STREAMS } from './streams.query';
import { StreamsTable } from './streams-table';

const PARAMS = {
  parity: enumParam(['', 'ODD', 'EVEN'] as const, ''),
  viewerCount: optionalIntParam(0, 2_147_483_647),
  gameId: stringParam(),
  first: intParam(50, 1, 100),
  after: stringParam(),
};

const PAGE_SIZES = [25, 50, 100];

/** The game filter's choices: the latest snapshot's games by name. */
function GameSelect({ value, onChange }: { value: string; onChange: (gameId: string) => void }) {
  const { data, error } = useQuery(GAME_CHOICES);
  const games = data
    ? sortRows(
        data.streamStats.games,
        (game) => textKey(game.gameName),
        'asc',
        (game) => game.gameId,
      )
    : [];
  const known = games.some((game) => game.gameId === value);
  return (
    <label>
      Game
      <select value={value} onChange={(event) => onChange(event.target.value)} disabled={!data && !value}>
        <option value="">{error ? 'any (game list failed)' : data ? 'any' : 'any (loading games…)'}</option>
        {value && !known ? <option value={value}>game {value}</option> : null}
        {games.map((game) => (
          <option key={game.gameId} value={game.gameId}>
            {game.gameName ?? `no name (${game.gameId})`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A number typed in: written to the URL when it is a whole number, or cleared. */
function ViewerCountInput({ value, onChange }: { value?: number; onChange: (value?: number) => void }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The URL changed under the input (Back, a link): show what it says now.
    setShown(value);
    setText(value === undefined ? '' : String(value));
  }
  return (
    <label>
      Exactly this many viewers
      <input
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        value={text}
        placeholder="any"
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const parsed = /^\d+$/.test(next) ? Number(next) : undefined;
          if (parsed !== value && (next === '' || parsed !== undefined)) {
            setShown(parsed);
            onChange(parsed);
          }
        }}
      />
    </label>
  );
}

/** Streams of the latest snapshot, most watched first, filtered and paged by cursor; all of it in the URL. */
export function StreamsView() {
  const [params, setParams] = useUrlState(PARAMS);
  const now = useNow(30_000);
  const variables = {
    first: params.first,
    after: params.after || undefined,
    gameId: params.gameId || undefined,
    parity: (params.parity || undefined) as Parity | undefined,
    viewerCount: params.viewerCount,
  };
  const { data, error, refetch } = useQuery(STREAMS, { variables });
  const filtered = Boolean(params.parity || params.gameId || params.viewerCount !== undefined);
  const connection = data?.streams;

  let body;
  if (connection) {
    body =
      connection.edges.length === 0 ? (
        <EmptyState>
          {filtered
            ? 'No stream of the latest snapshot matches these filters. Loosen them (e.g. clear the viewer count).'
            : 'The latest snapshot has no streams.'}
        </EmptyState>
      ) : (
        <StreamsTable streams={connection.edges.map((edge) => edge.node)} rowTestId="stream-row" now={now} />
      );
  } else if (error) {
    body = (
      <>
        <QueryFailure error={error} retry={() => void refetch()} />
        {params.after ? (
          <button type="button" onClick={() => setParams({ after: '' })}>
            Back to the first page
          </button>
        ) : null}
      </>
    );
  } else body = <Loading what="the streams" />;

  return (
    <div className="streams-view">
      <h1>Streams</h1>
      <div className="toolbar">
        <label>
          Viewer count
          <select
            value={params.parity}
            onChange={(event) => setParams({ parity: event.target.value as Parity | '', after: '' })}
          >
            <option value="">odd or even</option>
            <option value="ODD">odd</option>
            <option value="EVEN">even</option>
          </select>
        </label>
        <ViewerCountInput
          value={params.viewerCount}
          onChange={(viewerCount) => setParams({ viewerCount, after: '' }, { replace: true })}
        />
        <GameSelect value={params.gameId} onChange={(gameId) => setParams({ gameId, after: '' })} />
        <label>
          Per page
          <select
            value={params.first}
            onChange={(event) => setParams({ first: Number(event.target.value), after: '' })}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <button
            type="button"
            onClick={() => setParams({ parity: '', viewerCount: undefined, gameId: '', after: '' })}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      {connection ? (
        <p data-testid="streams-total" data-value={connection.totalCount}>
          <strong>{formatInteger(connection.totalCount)}</strong>{' '}
          {connection.totalCount === 1 ? 'stream matches' : 'streams match'}
          {params.after ? ' (a later page)' : ''}.
        </p>
      ) : null}
      {body}
      <nav className="toolbar pager" aria-label="Pages">
        <button type="button" disabled={!params.after} onClick={() => setParams({ after: '' })}>
          First page
        </button>
        <button
          type="button"
          disabled={!connection?.pageInfo.hasNextPage || !connection.pageInfo.endCursor}
          onClick={() => setParams({ after: connection?.pageInfo.endCursor ?? '' })}
        >
          Next page
        </button>
      </nav>
    </div>
  );
}
