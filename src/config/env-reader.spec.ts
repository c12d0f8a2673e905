import { describe, expect, it } from '@jest/globals';
import { parseDatabaseUrl } from './database.config';
import { parseDurationMs } from './duration';
import { EnvReader } from './env-reader';
import { streamsConfig } from './streams.config';

describe('parseDurationMs', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['30d', 2_592_000_000],
    ['45', 45_000],
    ['1.5m', 90_000],
  ])('reads %s', (input, expected) => expect(parseDurationMs(input)).toBe(expected));

  it.each(['', 'abc', '5 minutes', '-3s', '5w'])('rejects %p', (input) =>
    expect(parseDurationMs(input)).toBeNull(),
  );
});

describe('EnvReader', () => {
  it('names the setting and the bad value', () => {
    const env = new EnvReader({ STREAMS_TOP_N: 'lots' });
    expect(() => env.int('STREAMS_TOP_N', 1000, { min: 1, max: 10 })).toThrow(
      'Invalid setting STREAMS_TOP_N: expected an integer from 1 to 10, got "lots"',
    );
  });

  it('rejects out-of-range integers and accepts defaults', () => {
    expect(() => new EnvReader({ PORT: '70000' }).int('PORT', 3000, { max: 65535 })).toThrow(/PORT/);
    expect(new EnvReader({}).int('PORT', 3000)).toBe(3000);
  });

  it('reads booleans and lists strictly', () => {
    expect(new EnvReader({ X: 'yes' }).boolean('X', false)).toBe(true);
    expect(() => new EnvReader({ X: 'maybe' }).boolean('X', false)).toThrow(/X/);
    expect(new EnvReader({ L: ' Foo, bar ,,' }).list('L')).toEqual(['foo', 'bar']);
  });

  it('rejects a malformed duration', () => {
    expect(() => new EnvReader({ TRACKER_WINDOW: '5 min' }).durationMs('TRACKER_WINDOW', '300s')).toThrow(
      /TRACKER_WINDOW/,
    );
  });
});

describe('parseDatabaseUrl', () => {
  it('maps protocols to dialects', () => {
    expect(parseDatabaseUrl('sqlite:./data/tracker.sqlite')).toMatchObject({
      dialect: 'sqlite',
      storage: './data/tracker.sqlite',
    });
    expect(parseDatabaseUrl('postgres://u@127.0.0.1:5432/test').dialect).toBe('postgres');
    expect(parseDatabaseUrl('mariadb://root@127.0.0.1:3306/test').dialect).toBe('mariadb');
  });

  it('rejects unknown stores', () => {
    expect(() => parseDatabaseUrl('oracle://x')).toThrow(/DATABASE_URL/);
  });
});

describe('streamsConfig', () => {
  it('stops start-up on a bad cron expression', () => {
    const saved = process.env.STREAMS_REFRESH_CRON;
    process.env.STREAMS_REFRESH_CRON = 'every quarter hour';
    try {
      expect(() => streamsConfig()).toThrow(/STREAMS_REFRESH_CRON/);
    } finally {
      if (saved === undefined) delete process.env.STREAMS_REFRESH_CRON;
      else process.env.STREAMS_REFRESH_CRON = saved;
    }
  });
});
