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
    expect(decodeCursor(encodeCursor([time, String(MAX_SQL_INT)]), ['time', 'sqlId'])).toEqual([
      time,
      String(MAX_SQL_INT),
    ]);
    expect(decodeCursor(encodeCursor(['65f0c0ffee0123456789abcd']), ['objectId'])).toEqual([
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
    ['an SQL id past INTEGER', encodeCursor([String(MAX_SQL_INT + 1)]), ['sqlId']],
    ['an SQL id of letters', encodeCursor(['1a']), ['sqlId']],
    ['an ObjectId of 23 digits', encodeCursor(['65f0c0ffee0123456789abc']), ['objectId']],
    ['an ObjectId in upper case', encodeCursor(['65F0C0FFEE0123456789ABCD']), ['objectId']],
  ] as const)('refuses %s as BAD_USER_INPUT', (_name, cursor, shape) => {
    expect(() => decodeCursor(cursor, shape)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Invalid cursor/) }),
    );
  });
});
