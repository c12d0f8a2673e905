import { describe, expect, it } from '@jest/globals';
import { busiestDays, dayStart, rangeBlocks } from './range-blocks';

const t = (iso: string) => new Date(iso);
const range = (since: string, until: string) => ({ since: t(since), until: t(until) });

describe('rangeBlocks', () => {
  it('cuts a range into raw partial hours, whole hours and whole days, with no gap or overlap', () => {
    expect(rangeBlocks(range('2026-03-01T21:37:12.345Z', '2026-03-04T02:10:00Z'))).toEqual({
      wholeDays: range('2026-03-02T00:00:00Z', '2026-03-04T00:00:00Z'),
      hours: [
        range('2026-03-01T22:00:00Z', '2026-03-02T00:00:00Z'),
        range('2026-03-04T00:00:00Z', '2026-03-04T02:00:00Z'),
      ],
      raw: [
        range('2026-03-01T21:37:12.345Z', '2026-03-01T22:00:00Z'),
        range('2026-03-04T02:00:00Z', '2026-03-04T02:10:00Z'),
      ],
      days: ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'].map((d) => t(`${d}T00:00:00Z`)),
    });
  });

  it('keeps whole hours as hours when no whole day fits, across midnight too', () => {
    expect(rangeBlocks(range('2026-03-01T21:37:00Z', '2026-03-02T21:37:00Z'))).toEqual({
      wholeDays: null,
      hours: [range('2026-03-01T22:00:00Z', '2026-03-02T21:00:00Z')],
      raw: [
        range('2026-03-01T21:37:00Z', '2026-03-01T22:00:00Z'),
        range('2026-03-02T21:00:00Z', '2026-03-02T21:37:00Z'),
      ],
      days: [t('2026-03-01T00:00:00Z'), t('2026-03-02T00:00:00Z')],
    });
  });

  it('answers a range inside one hour from raw rows only, and a day-aligned range from days only', () => {
    expect(rangeBlocks(range('2026-03-01T10:05:00Z', '2026-03-01T10:50:00Z'))).toEqual({
      wholeDays: null,
      hours: [],
      raw: [range('2026-03-01T10:05:00Z', '2026-03-01T10:50:00Z')],
      days: [t('2026-03-01T00:00:00Z')],
    });
    expect(rangeBlocks(range('2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z'))).toEqual({
      wholeDays: range('2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z'),
      hours: [],
      raw: [],
      days: [t('2026-03-01T00:00:00Z'), t('2026-03-02T00:00:00Z')],
    });
  });

  it('is null for an empty or inverted range', () => {
    expect(rangeBlocks(range('2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'))).toBeNull();
    expect(rangeBlocks(range('2026-03-02T10:00:00Z', '2026-03-01T10:00:00Z'))).toBeNull();
  });
});

describe('busiestDays', () => {
  it('orders the touched days by their share of the range, the later first on ties', () => {
    const r = range('2026-03-01T12:00:00Z', '2026-03-03T12:00:00Z');
    const days = rangeBlocks(r)!.days;
    expect(busiestDays(r, days, 2)).toEqual([t('2026-03-02T00:00:00Z'), t('2026-03-03T00:00:00Z')]);
  });

  it('dayStart is the UTC midnight', () => {
    expect(dayStart(t('2026-03-01T23:59:59.999Z'))).toEqual(t('2026-03-01T00:00:00Z'));
  });
});
