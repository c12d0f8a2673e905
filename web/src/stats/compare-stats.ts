import type { GameStatsRow, StreamStatsAnswer, ViewerCountGroupRow } from './stream-stats.query';

/**
 * The figures of one streamStats answer, by name, and how the MEMORY and DATABASE answers compare on each.
 * Scalar figures are their own raw value; a list figure's raw value is its length, and it differs when any
 * of its items does.
 */
export const FIGURE_NAMES = [
  'snapshotId',
  'snapshotTakenAt',
  'snapshotStreamCount',
  'totalStreams',
  'medianViewers',
  'oddViewerStreams',
  'evenViewerStreams',
  'duplicateViewerStreams',
  'games',
  'duplicateGroups',
] as const;

export type FigureName = (typeof FIGURE_NAMES)[number];
export type FigureValue = string | number;

export const FIGURE_LABELS: Record<FigureName, string> = {
  snapshotId: 'Snapshot',
  snapshotTakenAt: 'Taken at',
  snapshotStreamCount: 'Streams in the snapshot',
  totalStreams: 'Streams counted',
  medianViewers: 'Median viewers',
  oddViewerStreams: 'Streams with an odd viewer count',
  evenViewerStreams: 'Streams with an even viewer count',
  duplicateViewerStreams: 'Streams sharing their viewer count',
  games: 'Games',
  duplicateGroups: 'Shared viewer counts (groups shown)',
};

export function figureValue(stats: StreamStatsAnswer, name: FigureName): FigureValue {
  switch (name) {
    case 'snapshotId':
      return stats.snapshot.id;
    case 'snapshotTakenAt':
      return stats.snapshot.takenAt;
    case 'snapshotStreamCount':
      return stats.snapshot.streamCount;
    case 'games':
      return stats.games.length;
    case 'duplicateGroups':
      return stats.duplicateGroups.length;
    default:
      return stats[name];
  }
}

function sameGame(a: GameStatsRow, b: GameStatsRow): boolean {
  return (
    a.gameId === b.gameId &&
    a.gameName === b.gameName &&
    a.streamCount === b.streamCount &&
    a.maxViewers === b.maxViewers &&
    a.totalViewers === b.totalViewers
  );
}

function sameGroup(a: ViewerCountGroupRow, b: ViewerCountGroupRow): boolean {
  return (
    a.viewerCount === b.viewerCount &&
    a.streams.length === b.streams.length &&
    a.streams.every((stream, index) => stream.id === b.streams[index]!.id)
  );
}

/** Ids of the games whose row differs between the two answers, or that only one of them has. */
export function differingGameIds(
  memory: readonly GameStatsRow[],
  database: readonly GameStatsRow[],
): Set<string> {
  const other = new Map(database.map((game) => [game.gameId, game]));
  const differing = new Set<string>();
  for (const game of memory) {
    const twin = other.get(game.gameId);
    if (!twin || !sameGame(game, twin)) differing.add(game.gameId);
    other.delete(game.gameId);
  }
  for (const gameId of other.keys()) differing.add(gameId);
  return differing;
}

/** Positions (in order) at which the two lists of groups differ, counting those only one list has. */
function differingGroups(a: readonly ViewerCountGroupRow[], b: readonly ViewerCountGroupRow[]): number {
  let count = 0;
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const left = a[index];
    const right = b[index];
    if (!left || !right || !sameGroup(left, right)) count += 1;
  }
  return count;
}

function sameOrder(a: readonly GameStatsRow[], b: readonly GameStatsRow[]): boolean {
  return a.length === b.length && a.every((game, index) => game.gameId === b[index]!.gameId);
}

export interface FigureComparison {
  name: FigureName;
  memory: FigureValue;
  database: FigureValue;
  differs: boolean;
  /** What differs inside a list figure, e.g. "3 games differ". */
  detail?: string;
}

export interface StatsComparison {
  figures: FigureComparison[];
  differing: number;
}

export function compareStats(memory: StreamStatsAnswer, database: StreamStatsAnswer): StatsComparison {
  const figures = FIGURE_NAMES.map((name): FigureComparison => {
    const left = figureValue(memory, name);
    const right = figureValue(database, name);
    if (name === 'games') {
      const games = differingGameIds(memory.games, database.games).size;
      const reordered = games === 0 && !sameOrder(memory.games, database.games);
      const detail =
        games > 0
          ? `${games} ${games === 1 ? 'game differs' : 'games differ'}`
          : reordered
            ? 'in another order'
            : undefined;
      return { name, memory: left, database: right, differs: games > 0 || reordered, detail };
    }
    if (name === 'duplicateGroups') {
      const groups = differingGroups(memory.duplicateGroups, database.duplicateGroups);
      const detail = groups > 0 ? `${groups} ${groups === 1 ? 'group differs' : 'groups differ'}` : undefined;
      return { name, memory: left, database: right, differs: groups > 0, detail };
    }
    const differs =
      name === 'snapshotTakenAt' ? Date.parse(String(left)) !== Date.parse(String(right)) : left !== right;
    return { name, memory: left, database: right, differs };
  });
  return { figures, differing: figures.filter((figure) => figure.differs).length };
}

/** The line over the comparison table. */
export function summarizeComparison(comparison: StatsComparison): string {
  if (comparison.differing === 0) return 'MEMORY and DATABASE agree on every figure';
  return comparison.differing === 1 ? '1 figure differs' : `${comparison.differing} figures differ`;
}

/** Odd and even streams as shares of both, for the split bar; null without streams. */
export function paritySplit(odd: number, even: number): { odd: number; even: number } | null {
  const total = odd + even;
  return total > 0 ? { odd: odd / total, even: even / total } : null;
}
