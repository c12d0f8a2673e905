import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { StreamRecord } from '../streams/stream-record';
import { streamRecord, streamsWithViewers } from '../../test/stats/stream-record.factory';
import { compareCodePoints } from './stream-order';
import { computeStreamStatistics, gamesInAscendingOrder, type GameStatistics } from './stream-statistics';

const ids = (streams: readonly StreamRecord[]): string[] => streams.map((stream) => stream.id);

describe('computeStreamStatistics', () => {
  it('gives zeros and empty lists for no streams', () => {
    expect(computeStreamStatistics([])).toStrictEqual({
      totalStreams: 0,
      medianViewers: 0,
      oddViewerStreams: 0,
      evenViewerStreams: 0,
      duplicateViewerStreams: 0,
      duplicateGroups: [],
      games: [],
    });
  });

  it('describes a single stream', () => {
    const stream = streamRecord('7', 41, { gameId: '33', gameName: 'Chess' });
    expect(computeStreamStatistics([stream])).toStrictEqual({
      totalStreams: 1,
      medianViewers: 41,
      oddViewerStreams: 1,
      evenViewerStreams: 0,
      duplicateViewerStreams: 0,
      duplicateGroups: [],
      games: [{ gameId: '33', gameName: 'Chess', streamCount: 1, maxViewers: 41, totalViewers: 41 }],
    });
  });

  it('takes the middle viewer count of an odd number of streams', () => {
    const stats = computeStreamStatistics(streamsWithViewers([900, 3, 120, 0, 55]));
    expect(stats.medianViewers).toBe(55);
    expect(stats.oddViewerStreams).toBe(2);
    expect(stats.evenViewerStreams).toBe(3);
  });

  it('takes the mean of the two middle viewer counts of an even number of streams', () => {
    expect(computeStreamStatistics(streamsWithViewers([10, 2, 7, 4])).medianViewers).toBe(5.5);
    expect(computeStreamStatistics(streamsWithViewers([8, 1, 8, 1])).medianViewers).toBe(4.5);
    expect(computeStreamStatistics(streamsWithViewers([6, 6])).medianViewers).toBe(6);
  });

  it('counts a tie at the median once per stream', () => {
    const stats = computeStreamStatistics(streamsWithViewers([5, 5, 5, 1, 9, 5]));
    expect(stats.medianViewers).toBe(5);
    expect(stats.duplicateViewerStreams).toBe(4);
  });

  it('orders duplicate groups by size, then viewer count descending, members by id', () => {
    const streams = [
      streamRecord('9', 5),
      streamRecord('100', 100),
      streamRecord('4', 7),
      streamRecord('10', 5),
      streamRecord('3', 100),
      streamRecord('2', 0),
      streamRecord('11', 100),
      streamRecord('6', 7),
      streamRecord('1', 5),
      streamRecord('8', 2),
    ];
    const stats = computeStreamStatistics(streams);
    expect(stats.duplicateViewerStreams).toBe(8);
    expect(stats.duplicateGroups.map((group) => [group.viewerCount, ids(group.streams)])).toStrictEqual([
      [100, ['100', '11', '3']],
      [5, ['1', '10', '9']],
      [7, ['4', '6']],
    ]);
    expect(stats.duplicateGroups[0].streams[0]).toBe(streams[1]);
  });

  it('orders ids by code point, as binary SQL collations do', () => {
    const stats = computeStreamStatistics([
      streamRecord('😀', 1),
      streamRecord('\uFF21', 1),
      streamRecord('z', 1),
      streamRecord('Z', 1),
    ]);
    expect(ids(stats.duplicateGroups[0].streams)).toStrictEqual(['Z', 'z', '\uFF21', '😀']);
  });

  it('leaves streams without a game out of the games but counts them everywhere else', () => {
    const stats = computeStreamStatistics([
      streamRecord('1', 30, { gameId: '', gameName: '' }),
      streamRecord('2', 30, { gameId: null, gameName: null }),
      streamRecord('3', 12, { gameId: '21779', gameName: 'League of Legends' }),
    ]);
    expect(stats.totalStreams).toBe(3);
    expect(stats.medianViewers).toBe(30);
    expect(stats.duplicateViewerStreams).toBe(2);
    expect(stats.games).toStrictEqual([
      { gameId: '21779', gameName: 'League of Legends', streamCount: 1, maxViewers: 12, totalViewers: 12 },
    ]);
  });

  it('sums each game, orders games by max viewers then id, and picks the smallest non-empty name', () => {
    const stats = computeStreamStatistics([
      streamRecord('1', 50, { gameId: 'b', gameName: null }),
      streamRecord('2', 80, { gameId: 'c', gameName: 'Zelda' }),
      streamRecord('3', 9, { gameId: 'c', gameName: '' }),
      streamRecord('4', 50, { gameId: 'a', gameName: 'Éclair' }),
      streamRecord('5', 20, { gameId: 'c', gameName: 'Animal Crossing' }),
      streamRecord('6', 1, { gameId: 'a', gameName: 'Eclair' }),
      streamRecord('7', 3, { gameId: 'b', gameName: '' }),
      streamRecord('8', 10, { gameId: 'd', gameName: 'Tetris' }),
    ]);
    expect(stats.games).toStrictEqual([
      { gameId: 'c', gameName: 'Animal Crossing', streamCount: 3, maxViewers: 80, totalViewers: 109 },
      { gameId: 'a', gameName: 'Eclair', streamCount: 2, maxViewers: 50, totalViewers: 51 },
      { gameId: 'b', gameName: null, streamCount: 2, maxViewers: 50, totalViewers: 53 },
      { gameId: 'd', gameName: 'Tetris', streamCount: 1, maxViewers: 10, totalViewers: 10 },
    ]);
  });

  it('matches a straightforward implementation on random streams', () => {
    fc.assert(
      fc.property(randomStreams, (streams) => {
        expect(computeStreamStatistics(streams)).toStrictEqual(naiveStatistics(streams));
      }),
      { numRuns: 300 },
    );
  });
});

describe('gamesInAscendingOrder', () => {
  const game = (gameId: string, maxViewers: number): GameStatistics => ({
    gameId,
    gameName: null,
    streamCount: 1,
    maxViewers,
    totalViewers: maxViewers,
  });

  it('orders by max viewers ascending and keeps ties by game id ascending', () => {
    const descending = [game('c', 80), game('a', 50), game('b', 50), game('e', 50), game('d', 10)];
    expect(gamesInAscendingOrder(descending).map((g) => g.gameId)).toStrictEqual(['d', 'a', 'b', 'e', 'c']);
    expect(gamesInAscendingOrder([])).toStrictEqual([]);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, prefixes first', () => {
    const words = ['😀', 'b', '\uFF21', 'a', 'ab', '', 'é'];
    expect(words.sort(compareCodePoints)).toStrictEqual(['', 'a', 'ab', 'b', 'é', '\uFF21', '😀']);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });
});

// Small alphabets make ties, shared prefixes and characters on both sides of the surrogate range likely.
const idUnit = fc.constantFrom('0', '1', '9', 'a', 'B', '\uFF21', '😀');
const randomId = fc.oneof(
  fc.stringMatching(/^[0-9]{1,3}$/),
  fc.stringMatching(/^[0-9]{13,16}$/),
  fc.string({ unit: idUnit, minLength: 0, maxLength: 4 }),
);
const randomViewers = fc.oneof(
  fc.integer({ min: 0, max: 12 }),
  fc.integer({ min: 0, max: 2_000_000 }),
  fc.integer({ min: -5, max: 5 }),
  fc.constant(Number.MAX_SAFE_INTEGER),
);
const randomStreams = fc.array(
  fc
    .record({
      id: randomId,
      viewerCount: randomViewers,
      gameId: fc.constantFrom(null, '', '1', '10', 'a', 'A', '😀'),
      gameName: fc.constantFrom(null, '', 'Zelda', 'zelda', '\uFF21', '😀'),
    })
    .map(({ id, viewerCount, ...rest }) => streamRecord(id, viewerCount, rest)),
  { maxLength: 60 },
);

/** The definition, written as plainly as possible: sorts and maps, code points compared as arrays. */
function naiveStatistics(streams: StreamRecord[]) {
  const byCodePoint = (a: string, b: string): number => {
    const x = Array.from(a, (c) => c.codePointAt(0) as number);
    const y = Array.from(b, (c) => c.codePointAt(0) as number);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  };
  const counts = streams.map((s) => s.viewerCount).sort((a, b) => a - b);
  const n = counts.length;
  const median = n === 0 ? 0 : n % 2 ? counts[(n - 1) / 2] : (counts[n / 2 - 1] + counts[n / 2]) / 2;
  const byViewers = new Map<number, StreamRecord[]>();
  for (const s of streams) byViewers.set(s.viewerCount, [...(byViewers.get(s.viewerCount) ?? []), s]);
  const groups = [...byViewers.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([viewerCount, members]) => ({
      viewerCount,
      streams: [...members].sort((a, b) => byCodePoint(a.id, b.id)),
    }))
    .sort((a, b) => b.streams.length - a.streams.length || b.viewerCount - a.viewerCount);
  const gameIds = [...new Set(streams.map((s) => s.gameId))].filter((id): id is string => !!id);
  const games = gameIds
    .map((gameId) => {
      const played = streams.filter((s) => s.gameId === gameId);
      const names = played.map((s) => s.gameName).filter((name): name is string => !!name);
      return {
        gameId,
        gameName: names.sort(byCodePoint)[0] ?? null,
        streamCount: played.length,
        maxViewers: Math.max(...played.map((s) => s.viewerCount)),
        totalViewers: played.reduce((sum, s) => sum + s.viewerCount, 0),
      };
    })
    .sort((a, b) => b.maxViewers - a.maxViewers || byCodePoint(a.gameId, b.gameId));
  return {
    totalStreams: n,
    medianViewers: median,
    oddViewerStreams: streams.filter((s) => s.viewerCount % 2 !== 0).length,
    evenViewerStreams: streams.filter((s) => s.viewerCount % 2 === 0).length,
    duplicateViewerStreams: groups.reduce((sum, group) => sum + group.streams.length, 0),
    duplicateGroups: groups,
    games,
  };
}
