import { describe, expect, it } from '@jest/globals';
import { prepend } from './feed-buffer';

describe('prepend', () => {
  it('puts the newest first', () => {
    const rows = prepend(prepend([], { id: 'a' }), { id: 'b' });
    expect(rows.map((row) => row.id)).toEqual(['b', 'a']);
  });

  it('keeps one row per id, leaving the list as it was', () => {
    const rows = [{ id: 'b' }, { id: 'a' }];
    expect(prepend(rows, { id: 'a' })).toBe(rows);
  });

  it('drops the oldest rows past the capacity', () => {
    let rows: Array<{ id: string }> = [];
    for (let index = 0; index < 5; index++) rows = prepend(rows, { id: String(index) }, 3);
    expect(rows.map((row) => row.id)).toEqual(['4', '3', '2']);
  });
});
