import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { formatInteger } from '../common/format';
import { EmptyState } from '../common/query-state';
import { SortableHeader } from './sortable-header';
import { nextSort, sortRows, type SortDirection, type SortState, type SortValue, textKey } from './sort-rows';
import type { GameStatsRow } from './stream-stats.query';

export const GAME_SORT_KEYS = ['gameName', 'streamCount', 'maxViewers', 'totalViewers'] as const;
export type GameSortKey = (typeof GAME_SORT_KEYS)[number];

const GAME_COLUMNS: Record<
  GameSortKey,
  { label: string; value: (game: GameStatsRow) => SortValue; first: SortDirection }
> = {
  gameName: { label: 'Game', value: (game) => textKey(game.gameName), first: 'asc' },
  streamCount: { label: 'Streams', value: (game) => game.streamCount, first: 'desc' },
  maxViewers: { label: 'Most viewers', value: (game) => game.maxViewers, first: 'desc' },
  totalViewers: { label: 'All viewers', value: (game) => game.totalViewers, first: 'desc' },
};

/** Ties in any column: by gameId ascending, as the API orders its own ties. */
export function sortGames(games: readonly GameStatsRow[], sort: SortState<GameSortKey>): GameStatsRow[] {
  return sortRows(games, GAME_COLUMNS[sort.key].value, sort.direction, (game) => game.gameId);
}

/** The snapshot's games, sorted here by any column; rows that the other source answers differently are marked. */
export function GamesTable({
  games,
  sort,
  onSort,
  differing,
}: {
  games: readonly GameStatsRow[];
  sort: SortState<GameSortKey>;
  onSort: (sort: SortState<GameSortKey>) => void;
  differing?: ReadonlySet<string>;
}) {
  const sorted = useMemo(() => sortGames(games, sort), [games, sort]);
  if (games.length === 0) return <EmptyState>The snapshot has no streams, so no games.</EmptyState>;
  return (
    <div className="table-scroll tall">
      <table data-testid="games-table">
        <caption className="muted">
          {formatInteger(games.length)} games; a stream count opens those streams.
        </caption>
        <thead>
          <tr>
            {GAME_SORT_KEYS.map((key) => (
              <SortableHeader
                key={key}
                column={key}
                label={GAME_COLUMNS[key].label}
                sort={sort}
                onSort={(column) => onSort(nextSort(sort, column, GAME_COLUMNS[column].first))}
                numeric={key !== 'gameName'}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((game) => (
            <tr
              key={game.gameId}
              data-testid="game-row"
              data-game-id={game.gameId}
              className={differing?.has(game.gameId) ? 'differs' : undefined}
            >
              <td>
                {game.gameName ?? <span className="muted">no name ({game.gameId})</span>}
                {differing?.has(game.gameId) ? <span className="badge differs">differs</span> : null}
              </td>
              <td className="num">
                <Link to={`/streams?gameId=${encodeURIComponent(game.gameId)}`}>
                  {formatInteger(game.streamCount)}
                </Link>
              </td>
              <td className="num">{formatInteger(game.maxViewers)}</td>
              <td className="num">{formatInteger(game.totalViewers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
