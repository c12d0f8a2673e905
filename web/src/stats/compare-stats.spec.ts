import { describe, expect, it } from '@jest/globals';
import {
  compareStats,
  differingGameIds,
  FIGURE_NAMES,
  figureValue,
  paritySplit,
  summarizeComparison,
} from './compare-stats';
import type { StreamStatsAnswer } from './stream-stats.query';

function answer(source: 'MEMORY' | 'DATABASE'): StreamStatsAnswer {
  return {
    source,
    snapshot: { id: '7', takenAt: '2026-12-05T21:52:38.115Z', streamCount: 4 },
    totalStreams: 4,
    medianViewers: 225.5,
    oddViewerStreams: 1,
    evenViewerStreams: 3,
    duplicateViewerStreams: 2,
    games: [
      { gameId: '1', gameName: 'Chess', streamCount: 3, maxViewers: 500, totalViewers: 800 },
      { gameId: '2', gameName: null, streamCount: 1, maxViewers: 7, totalViewers: 7 },
    ],
    duplicateGroups: [
      {
        viewerCount: 150,
        streams: [
          { id: 's1', userLogin: 'a', userName: 'A' },
          { id: 's2', userLogin: 'b', userName: 'B' },
        ],
      },
    ],
  };
}

describe('figureValue', () => {
  it('gives every figure its raw value, lists their length', () => {
    const values = FIGURE_NAMES.map((name) => figureValue(answer('MEMORY'), name));
    expect(values).toEqual(['7', '2026-12-05T21:52:38.115Z', 4, 4, 225.5, 1, 3, 2, 2, 1]);
  });
});

describe('compareStats', () => {
  it('agrees when both sources answer the same, whatever their source field', () => {
    const comparison = compareStats(answer('MEMORY'), answer('DATABASE'));
    expect(comparison.differing).toBe(0);
    expect(comparison.figures.map((figure) => figure.name)).toEqual([...FIGURE_NAMES]);
    expect(summarizeComparison(comparison)).toBe('MEMORY and DATABASE agree on every figure');
  });

  it('flags each differing scalar figure and counts them', () => {
    const database = answer('DATABASE');
    database.medianViewers = 225;
    const comparison = compareStats(answer('MEMORY'), database);
    expect(comparison.figures.filter((figure) => figure.differs).map((figure) => figure.name)).toEqual([
      'medianViewers',
    ]);
    expect(summarizeComparison(comparison)).toBe('1 figure differs');
    database.oddViewerStreams = 2;
    expect(summarizeComparison(compareStats(answer('MEMORY'), database))).toBe('2 figures differ');
  });

  it('compares times as instants', () => {
    const database = answer('DATABASE');
    database.snapshot.takenAt = '2026-12-05T22:52:38.115+01:00';
    expect(compareStats(answer('MEMORY'), database).differing).toBe(0);
  });

  it('flags a list whose items differ even when its length is the same', () => {
    const database = answer('DATABASE');
    database.games[1] = { ...database.games[1]!, totalViewers: 8 };
    database.duplicateGroups[0]!.streams[1] = { id: 's3', userLogin: 'c', userName: 'C' };
    const games = compareStats(answer('MEMORY'), database).figures.find((figure) => figure.name === 'games')!;
    expect(games).toMatchObject({ memory: 2, database: 2, differs: true, detail: '1 game differs' });
    const groups = compareStats(answer('MEMORY'), database).figures.find(
      (figure) => figure.name === 'duplicateGroups',
    )!;
    expect(groups).toMatchObject({ differs: true, detail: '1 group differs' });
  });

  it('flags the same games in another order', () => {
    const database = answer('DATABASE');
    database.games.reverse();
    const games = compareStats(answer('MEMORY'), database).figures.find((figure) => figure.name === 'games')!;
    expect(games).toMatchObject({ differs: true, detail: 'in another order' });
  });
});

describe('differingGameIds', () => {
  it('names changed games and those only one side has', () => {
    const memory = answer('MEMORY').games;
    const database = [
      { ...memory[0]!, streamCount: 4 },
      { ...memory[1]!, gameId: '3' },
    ];
    expect([...differingGameIds(memory, database)].sort()).toEqual(['1', '2', '3']);
    expect(differingGameIds(memory, memory).size).toBe(0);
  });
});

describe('paritySplit', () => {
  it('gives shares of odd and even, null without streams', () => {
    expect(paritySplit(1, 3)).toEqual({ odd: 0.25, even: 0.75 });
    expect(paritySplit(0, 0)).toBeNull();
  });
});
