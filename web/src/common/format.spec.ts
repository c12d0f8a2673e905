import { describe, expect, it } from '@jest/globals';
import { formatAgo, formatDateTime, formatNumber, formatRemaining, formatShare } from './format';

describe('format', () => {
  it('shows a median of two middle counts with its half', () => {
    expect(formatNumber(1234)).toBe('1,234');
    expect(formatNumber(225.5)).toBe('225.5');
    expect(formatNumber(null)).toBe('—');
  });

  it('shows shares as percentages', () => {
    expect(formatShare(0.1234)).toBe('12.3%');
    expect(formatShare(null)).toBe('—');
  });

  it('tells how long a token has left', () => {
    expect(formatRemaining(-1)).toBe('expired');
    expect(formatRemaining(30_000)).toBe('under a minute');
    expect(formatRemaining(59 * 60_000)).toBe('59 min');
    expect(formatRemaining(60 * 60_000)).toBe('1 h');
    expect(formatRemaining(65 * 60_000)).toBe('1 h 5 min');
  });

  it('tells how long ago something happened, in UTC past a day', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(formatAgo('2026-12-05T11:59:48Z', now)).toBe('12 s ago');
    expect(formatAgo('2026-12-05T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-12-05T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2026-12-01T09:00:00Z', now)).toBe('2026-12-01 09:00:00 UTC');
    expect(formatDateTime('nonsense')).toBe('—');
  });
});
