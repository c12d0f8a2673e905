/** One sample as the chart takes it: epoch ms and either figure possibly unknown. */
export interface ChartPoint {
  at: number;
  viewers: number | null;
  chatters: number | null;
}

export type Series = 'viewers' | 'chatters';

/** A linear map from a domain onto pixels; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  const factor = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * factor;
}

/** The smallest and largest known value of the series, or null when none is known. */
export function valueExtent(
  points: readonly ChartPoint[],
  series: readonly Series[],
): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const point of points) {
    for (const name of series) {
      const value = point[name];
      if (value === null) continue;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return min === Infinity ? null : [min, max];
}

/**
 * The runs of known values of one series, in pixels: an unknown value breaks the line, so a gap in the
 * data shows as a gap in the chart.
 */
export function segments(
  points: readonly ChartPoint[],
  series: Series,
  x: (at: number) => number,
  y: (value: number) => number,
): Array<Array<[number, number]>> {
  const runs: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> | null = null;
  for (const point of points) {
    const value = point[series];
    if (value === null) {
      current = null;
      continue;
    }
    if (!current) {
      current = [];
      runs.push(current);
    }
    current.push([round(x(point.at)), round(y(value))]);
  }
  return runs;
}

/** An SVG path for runs of at least two points (single points are drawn as dots). */
export function pathData(runs: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): string {
  return runs
    .filter((run) => run.length > 1)
    .map((run) => run.map(([px, py], index) => `${index === 0 ? 'M' : 'L'}${px} ${py}`).join(' '))
    .join(' ');
}

/** The last known value of each series and when it was seen. */
export function latestValues(
  points: readonly ChartPoint[],
): Record<Series, { value: number; at: number } | null> {
  const latest: Record<Series, { value: number; at: number } | null> = { viewers: null, chatters: null };
  for (const point of points) {
    for (const name of ['viewers', 'chatters'] as const) {
      const value = point[name];
      if (value !== null && (latest[name] === null || point.at >= latest[name].at))
        latest[name] = { value, at: point.at };
    }
  }
  return latest;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
