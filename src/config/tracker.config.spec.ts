import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from './env-reader';
import { DEFAULT_TRACKER_PAIRING, trackerConfig } from './tracker.config';

describe('TRACKER_PAIRING', () => {
  const saved = process.env.TRACKER_PAIRING;

  afterEach(() => {
    if (saved === undefined) delete process.env.TRACKER_PAIRING;
    else process.env.TRACKER_PAIRING = saved;
  });

  it('is live unless set', () => {
    delete process.env.TRACKER_PAIRING;
    expect(DEFAULT_TRACKER_PAIRING).toBe('live');
    expect(trackerConfig().pairing).toBe('live');
    process.env.TRACKER_PAIRING = '  ';
    expect(trackerConfig().pairing).toBe('live');
  });

  it.each(['exact', 'live'] as const)('reads TRACKER_PAIRING=%s', (value) => {
    process.env.TRACKER_PAIRING = value;
    expect(trackerConfig().pairing).toBe(value);
  });

  it.each(['fast', 'Live', 'EXACT', 'nearest', '1'])(
    'stops start-up on TRACKER_PAIRING=%s, naming it',
    (value) => {
      process.env.TRACKER_PAIRING = value;
      expect(() => trackerConfig()).toThrow(ConfigValidationError);
      expect(() => trackerConfig()).toThrow(
        `Invalid setting TRACKER_PAIRING: expected one of exact, live, got "${value}"`,
      );
    },
  );
});
