import { describe, expect, it } from '@jest/globals';
import { type ChartPoint, latestValues, linearScale, pathData, segments, valueExtent } from './chart-scale';

const points: ChartPoint[] = [
  { at: 0, viewers: 100, chatters: null },
  { at: 10, viewers: 200, chatters: 40 },
  { at: 20, viewers: null, chatters: 50 },
  { at: 30, viewers: 150, chatters: 60 },
  { at: 40, viewers: 120, chatters: null },
];

describe('linearScale', () => {
  it('maps the domain onto the range, inverted for y', () => {
    const y = linearScale([0, 200], [100, 0]);
    expect(y(0)).toBe(100);
    expect(y(200)).toBe(0);
    expect(y(50)).toBe(75);
  });

  it('puts a flat domain in the middle', () => {
    expect(linearScale([5, 5], [100, 0])(5)).toBe(50);
  });
});

describe('valueExtent', () => {
  it('skips unknown values', () => {
    expect(valueExtent(points, ['viewers', 'chatters'])).toEqual([40, 200]);
    expect(valueExtent(points, ['chatters'])).toEqual([40, 60]);
    expect(valueExtent([{ at: 0, viewers: null, chatters: null }], ['viewers'])).toBeNull();
  });
});

describe('segments', () => {
  it('breaks a line at unknown values', () => {
    const runs = segments(
      points,
      'viewers',
      (at) => at,
      (value) => value / 10,
    );
    expect(runs).toEqual([
      [
        [0, 10],
        [10, 20],
      ],
      [
        [30, 15],
        [40, 12],
      ],
    ]);
    expect(pathData(runs)).toBe('M0 10 L10 20 M30 15 L40 12');
  });

  it('leaves single points out of the path', () => {
    const runs = segments(
      points,
      'chatters',
      (at) => at,
      (value) => value,
    );
    expect(runs).toEqual([
      [
        [10, 40],
        [20, 50],
        [30, 60],
      ],
    ]);
    expect(pathData([[[1, 2]]])).toBe('');
  });
});

describe('latestValues', () => {
  it('takes the last known value of each series', () => {
    expect(latestValues(points)).toEqual({
      viewers: { value: 120, at: 40 },
      chatters: { value: 60, at: 30 },
    });
    expect(latestValues([])).toEqual({ viewers: null, chatters: null });
  });
});
