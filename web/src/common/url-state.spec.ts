import { describe, expect, it } from '@jest/globals';
import {
  dateParam,
  enumParam,
  intParam,
  optionalIntParam,
  readParams,
  stringParam,
  writeParams,
} from './url-state';

const specs = {
  range: enumParam(['1h', '24h', '7d', 'custom'] as const, '24h'),
  minCount: intParam(1, 1, 1_000_000),
  viewers: optionalIntParam(0, 10_000_000),
  q: stringParam(),
  since: dateParam(),
};

describe('URL state', () => {
  it('reads defaults from an empty query string', () => {
    expect(readParams(new URLSearchParams(''), specs)).toEqual({
      range: '24h',
      minCount: 1,
      viewers: undefined,
      q: '',
      since: undefined,
    });
  });

  it('reads malformed or out-of-range values as the default', () => {
    const values = readParams(new URLSearchParams('range=1y&minCount=0&viewers=-3&since=yesterday'), specs);
    expect(values).toMatchObject({ range: '24h', minCount: 1, viewers: undefined, since: undefined });
    expect(readParams(new URLSearchParams('minCount=2.5'), specs).minCount).toBe(1);
  });

  it('round-trips every value and leaves defaults out of the link', () => {
    const written = writeParams(new URLSearchParams('other=kept'), specs, {
      range: '7d',
      minCount: 5,
      viewers: 0,
      q: 'xqc',
      since: '2026-12-01T00:00:00.000Z',
    });
    expect(written.toString()).toBe(
      'other=kept&range=7d&minCount=5&viewers=0&q=xqc&since=2026-12-01T00%3A00%3A00.000Z',
    );
    expect(readParams(written, specs)).toEqual({
      range: '7d',
      minCount: 5,
      viewers: 0,
      q: 'xqc',
      since: '2026-12-01T00:00:00.000Z',
    });
    const reset = writeParams(written, specs, { range: '24h', minCount: 1, viewers: undefined, q: '' });
    expect(reset.toString()).toBe('other=kept&since=2026-12-01T00%3A00%3A00.000Z');
  });
});
