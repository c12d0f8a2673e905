import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor, MAX_SQL_INT } from './cursor';

describe('decodeCursor', () => {
  const time = Date.UTC(2026, 10, 22);

  it('returns what encodeCursor wrote', () => {
    expect(decodeCursor(encodeCursor([3, 1200, '40952121085']), ['int', 'int', 'key'])).toEqual([
      3,
      1200,
      '40952121085',
    ]);
    expect(decodeCursor(encodeCursor([time, '65f0c0ffee0123456789abcd']), ['time', 'key'])).toEqual([
      time,
      '65f0c0ffee0123456789abcd',
    ]);
  });

  it.each([
    ['not base64 JSON', '%%%', ['int']],
    ['the wrong length', encodeCursor([1, 2]), ['int']],
    ['[1e300,"1"]', 'WzFlMzAwLCIxIl0', ['time', 'key']],
    ['a time before 1970', encodeCursor([-1, '1']), ['time', 'key']],
    ['a time after 9999', encodeCursor([Date.UTC(10000, 0, 1), '1']), ['time', 'key']],
    ['an int past INTEGER', encodeCursor([MAX_SQL_INT + 1]), ['int']],
    ['a negative int', encodeCursor([-1]), ['int']],
    ['a fraction', encodeCursor([1.5]), ['int']],
    ['a NUL in a key', encodeCursor(['\u0000']), ['key']],
    ['an empty key', encodeCursor(['']), ['key']],
    ['a number for a key', encodeCursor([1]), ['key']],
  ] as const)('refuses %s as BAD_USER_INPUT', (_name, cursor, shape) => {
    expect(() => decodeCursor(cursor, shape)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Invalid cursor/) }),
    );
  });
});
