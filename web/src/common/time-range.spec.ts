import { describe, expect, it } from '@jest/globals';
import { fromLocalInput, isPastRange, rangeSearch, resolveRange, toLocalInput } from './time-range';

const now = Date.parse('2026-12-05T12:00:00.000Z');

describe('resolveRange', () => {
  it('ends presets at now', () => {
    expect(resolveRange('1h', undefined, undefined, now)).toEqual({
      ok: true,
      range: { since: '2026-12-05T11:00:00.000Z', until: '2026-12-05T12:00:00.000Z' },
    });
    expect(resolveRange('7d', '2020-01-01T00:00:00.000Z', undefined, now)).toEqual({
      ok: true,
      range: { since: '2026-11-28T12:00:00.000Z', until: '2026-12-05T12:00:00.000Z' },
    });
  });

  it('takes a custom range from the URL, with the API defaults for a missing end', () => {
    expect(resolveRange('custom', '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z', now)).toEqual({
      ok: true,
      range: { since: '2026-12-01T00:00:00.000Z', until: '2026-12-02T00:00:00.000Z' },
    });
    expect(resolveRange('custom', undefined, undefined, now)).toEqual({
      ok: true,
      range: { since: '2026-12-04T12:00:00.000Z', until: '2026-12-05T12:00:00.000Z' },
    });
  });

  it('refuses a custom range that ends before it starts', () => {
    expect(resolveRange('custom', '2026-12-02T00:00:00.000Z', '2026-12-01T00:00:00.000Z', now)).toEqual({
      ok: false,
      problem: 'The start of the range must be before its end.',
    });
  });
});

describe('datetime-local inputs', () => {
  it('round-trip as UTC', () => {
    expect(toLocalInput('2026-12-05T21:40:56.000Z')).toBe('2026-12-05T21:40');
    expect(fromLocalInput('2026-12-05T21:40')).toBe('2026-12-05T21:40:00.000Z');
    expect(toLocalInput(undefined)).toBe('');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('yesterday')).toBeUndefined();
  });
});

describe('rangeSearch', () => {
  it('keeps only the range of a query string', () => {
    expect(rangeSearch(new URLSearchParams('range=1h&tab=in&after=abc'))).toBe('?range=1h');
    expect(rangeSearch(new URLSearchParams('range=custom&since=2026-12-01T00%3A00%3A00.000Z&q=x'))).toBe(
      '?range=custom&since=2026-12-01T00%3A00%3A00.000Z',
    );
    expect(rangeSearch(new URLSearchParams('tab=in'))).toBe('');
  });
});

describe('isPastRange', () => {
  const now = Date.UTC(2026, 4, 10, 12, 0, 0);

  it('tells a range in the past from one running to now', () => {
    const lastHour = resolveRange('1h', undefined, undefined, now);
    expect(lastHour.ok && isPastRange(lastHour.range, now + 5_000)).toBe(false);
    expect(isPastRange({ since: '2026-05-01T00:00:00Z', until: '2026-05-02T00:00:00Z' }, now)).toBe(true);
  });
});
