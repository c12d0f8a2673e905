import type { StreamRecord } from '../streams/stream-record';
import { compareCodePoints, orderByViewersThenId } from './stream-order';

/** Streams sharing one viewer count; `streams` are ordered by id. */
export interface ViewerCountGroup {
  readonly viewerCount: number;
  readonly streams: readonly StreamRecord[];
}

export interface GameStatistics {
  readonly gameId: string;
  /** The smallest non-empty name the game's streams carry (code point order); null when none has one. */
  readonly gameName: string | null;
  readonly streamCount: number;
  readonly maxViewers: number;
  readonly totalViewers: number;
}

/**
 * Figures over the streams of one snapshot. Streams with no game (`gameId` null or `""`, which is what
 * Twitch sends for "no category") count everywhere except in `games`. An empty list yields zeros
 * (`medianViewers` 0) and empty lists.
 */
export interface StreamStatistics {
  readonly totalStreams: number;
  /** The middle viewer count; the mean of the two middle ones when the count is even. */
  readonly medianViewers: number;
  readonly oddViewerStreams: number;
  readonly evenViewerStreams: number;
  /** Streams whose viewer count at least one other stream shares. */
  readonly duplicateViewerStreams: number;
  /** Every group of two or more streams sharing a viewer count: largest first, then viewerCount descending. */
  readonly duplicateGroups: readonly ViewerCountGroup[];
  /** One entry per game: maxViewers descending, ties by gameId ascending (code point order). */
  readonly games: readonly GameStatistics[];
}

/** The figures of the summary part: one row of SQL, or one pass in memory. */
export const SUMMARY_FIGURES = [
  'totalStreams',
  'medianViewers',
  'oddViewerStreams',
  'evenViewerStreams',
  'duplicateViewerStreams',
] as const satisfies readonly (keyof StreamStatistics)[];

export type StreamSummary = Pick<StreamStatistics, (typeof SUMMARY_FIGURES)[number]>;

/** The parts of `StreamStatistics` that are computed separately, so a request pays only for what it asks. */
export interface StatisticsSelection {
  /** The SUMMARY_FIGURES. */
  readonly summary: boolean;
  readonly duplicateGroups: boolean;
  readonly games: boolean;
}

export const WHOLE_STATISTICS: StatisticsSelection = { summary: true, duplicateGroups: true, games: true };

/** Every part either selection asks for. */
export function unionOfSelections(selections: readonly StatisticsSelection[]): StatisticsSelection {
  return {
    summary: selections.some((s) => s.summary),
    duplicateGroups: selections.some((s) => s.duplicateGroups),
    games: selections.some((s) => s.games),
  };
}

/**
 * The figures of the parts a selection asked for; the others are absent (never zero or empty, which would
 * read as an answer).
 */
export type SelectedStreamStatistics = Partial<StreamStatistics>;

/**
 * Computes every figure with one pass over the streams and one sort of their indices by
 * (viewerCount, id), so duplicate groups come out contiguous and already ordered by id.
 */
export function computeStreamStatistics(streams: readonly StreamRecord[]): StreamStatistics {
  const n = streams.length;
  let odd = 0;
  const games = new Map<string, GameAccumulator>();
  for (const stream of streams) {
    if (stream.viewerCount % 2 !== 0) odd++;
    if (stream.gameId !== null && stream.gameId !== '') accumulateGame(games, stream.gameId, stream);
  }

  const order = orderByViewersThenId(streams);
  const viewersAt = (position: number): number => streams[order[position]].viewerCount;
  let median = 0;
  if (n > 0) median = n % 2 === 1 ? viewersAt((n - 1) / 2) : (viewersAt(n / 2 - 1) + viewersAt(n / 2)) / 2;

  const groups: { viewerCount: number; start: number; size: number }[] = [];
  let duplicateStreams = 0;
  for (let start = 0; start < n;) {
    const viewerCount = viewersAt(start);
    let end = start + 1;
    while (end < n && viewersAt(end) === viewerCount) end++;
    const size = end - start;
    if (size > 1) {
      groups.push({ viewerCount, start, size });
      duplicateStreams += size;
    }
    start = end;
  }
  groups.sort((a, b) => b.size - a.size || b.viewerCount - a.viewerCount);

  return {
    totalStreams: n,
    medianViewers: median,
    oddViewerStreams: odd,
    evenViewerStreams: n - odd,
    duplicateViewerStreams: duplicateStreams,
    duplicateGroups: groups.map(({ viewerCount, start, size }) => {
      const members = new Array<StreamRecord>(size);
      for (let i = 0; i < size; i++) members[i] = streams[order[start + i]];
      return { viewerCount, streams: members };
    }),
    games: [...games.values()].sort(
      (a, b) => b.maxViewers - a.maxViewers || compareCodePoints(a.gameId, b.gameId),
    ),
  };
}

/**
 * The games ordered by maxViewers ascending, ties still by gameId ascending: the descending list with its
 * runs of equal maxViewers taken from the end, each run kept in its order. Linear, no sort.
 */
export function gamesInAscendingOrder(descending: readonly GameStatistics[]): GameStatistics[] {
  const ascending: GameStatistics[] = [];
  let end = descending.length;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && descending[start - 1].maxViewers === descending[end - 1].maxViewers) start--;
    for (let i = start; i < end; i++) ascending.push(descending[i]);
    end = start;
  }
  return ascending;
}

interface GameAccumulator {
  gameId: string;
  gameName: string | null;
  streamCount: number;
  maxViewers: number;
  totalViewers: number;
}

function accumulateGame(games: Map<string, GameAccumulator>, gameId: string, stream: StreamRecord): void {
  const viewers = stream.viewerCount;
  const name = stream.gameName === '' ? null : stream.gameName;
  const game = games.get(gameId);
  if (!game) {
    games.set(gameId, { gameId, gameName: name, streamCount: 1, maxViewers: viewers, totalViewers: viewers });
    return;
  }
  game.streamCount++;
  game.totalViewers += viewers;
  if (viewers > game.maxViewers) game.maxViewers = viewers;
  if (name !== null && (game.gameName === null || compareCodePoints(name, game.gameName) < 0))
    game.gameName = name;
}
