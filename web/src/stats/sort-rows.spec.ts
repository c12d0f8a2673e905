import { describe, expect, it } from '@jest/globals';
import { ariaSort, compareValues, nextSort, sortRows, textKey, timeKey } from './sort-rows';

interface Game {
  gameId: string;
  gameName: string | null;
  streamCount: number;
}

const games: Game[] = [
  { gameId: '30', gameName: 'beta', streamCount: 2 },
  { gameId: '10', gameName: null, streamCount: 5 },
  { gameId: '20', gameName: 'Alpha', streamCount: 2 },
  { gameId: '40', gameName: 'gamma', streamCount: 9 },
];
const ids = (rows: Game[]) => rows.map((row) => row.gameId);

describe('sortRows', () => {
  it('sorts numbers both ways, ties by the tie-break ascending in either direction', () => {
    const count = (row: Game) => row.streamCount;
    const id = (row: Game) => row.gameId;
    expect(ids(sortRows(games, count, 'asc', id))).toEqual(['20', '30', '10', '40']);
    expect(ids(sortRows(games, count, 'desc', id))).toEqual(['40', '10', '20', '30']);
  });

  it('keeps the original order of ties without a tie-break, and does not touch the input', () => {
    const before = ids(games);
    expect(ids(sortRows(games, (row) => row.streamCount, 'asc'))).toEqual(['30', '20', '10', '40']);
    expect(ids(games)).toEqual(before);
  });

  it('puts empty values last in both directions', () => {
    const name = (row: Game) => textKey(row.gameName);
    expect(ids(sortRows(games, name, 'asc'))).toEqual(['20', '30', '40', '10']);
    expect(ids(sortRows(games, name, 'desc'))).toEqual(['40', '30', '20', '10']);
    expect(sortRows([NaN, 1, undefined, 0], (value) => value, 'asc')).toEqual([0, 1, NaN, undefined]);
  });

  it('sorts booleans false first and times as instants', () => {
    expect(sortRows([true, false, true], (value) => value, 'asc')).toEqual([false, true, true]);
    const times = ['2026-12-05T10:00:00.5Z', '2026-12-05T10:00:00Z', 'not a time'];
    expect(sortRows(times, timeKey, 'asc')).toEqual([
      '2026-12-05T10:00:00Z',
      '2026-12-05T10:00:00.5Z',
      'not a time',
    ]);
  });
});

describe('compareValues', () => {
  it('orders strings by code unit and numbers by value', () => {
    expect(compareValues('10', '9')).toBeLessThan(0);
    expect(compareValues(10, 9)).toBeGreaterThan(0);
    expect(compareValues('a', 'a')).toBe(0);
    expect(compareValues(null, 1)).toBeGreaterThan(0);
  });
});

describe('nextSort and ariaSort', () => {
  it('flips the direction of the sorted column and starts another in its own direction', () => {
    const current = { key: 'streamCount' as const, direction: 'desc' as const };
    expect(nextSort<'streamCount' | 'gameName'>(current, 'streamCount', 'desc')).toEqual({
      key: 'streamCount',
      direction: 'asc',
    });
    expect(nextSort<'streamCount' | 'gameName'>(current, 'gameName', 'asc')).toEqual({
      key: 'gameName',
      direction: 'asc',
    });
    expect(ariaSort<'streamCount' | 'gameName'>(current, 'streamCount')).toBe('descending');
    expect(ariaSort<'streamCount' | 'gameName'>(current, 'gameName')).toBe('none');
  });
});
