import { describe, expect, it } from '@jest/globals';
import { prepend } from './feed-buffer';

const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);

describe('prepend', () => {
  it('puts the newest first', () => {
    expect(ids(prepend(prepend([], [{ id: 'a' }]), [{ id: 'b' }]))).toEqual(['b', 'a']);
    expect(ids(prepend([{ id: 'a' }], [{ id: 'b' }, { id: 'c' }]))).toEqual(['c', 'b', 'a']);
  });

  it('keeps one row per id, leaving the list as it was when nothing is new', () => {
    const rows = [{ id: 'b' }, { id: 'a' }];
    expect(prepend(rows, [{ id: 'a' }])).toBe(rows);
    expect(ids(prepend(rows, [{ id: 'c' }, { id: 'a' }, { id: 'c' }]))).toEqual(['c', 'b', 'a']);
  });

  it('drops the oldest rows past the capacity', () => {
    let rows: Array<{ id: string }> = [];
    for (let index = 0; index < 5; index++) rows = prepend(rows, [{ id: String(index) }], 3);
    expect(ids(rows)).toEqual(['4', '3', '2']);
    expect(
      ids(
        prepend(
          rows,
          ['5', '6', '7', '8'].map((id) => ({ id })),
          3,
        ),
      ),
    ).toEqual(['8', '7', '6']);
  });
});
