import { describe, expect, it } from '@jest/globals';
import { claimsProblem } from './jwt.strategy';

describe('claimsProblem', () => {
  const now = 1_800_000_000;
  const ttl = 3600;
  const valid = { sub: '12', tid: '9000001', login: 'simviewer', iat: now - 10, exp: now - 10 + ttl };

  it('accepts the claims the service issues', () => {
    expect(claimsProblem(valid, now, ttl)).toBeNull();
    expect(claimsProblem({ ...valid, iat: now + 30 }, now, ttl)).toBeNull();
  });

  it.each([
    ['a payload that is not an object', 'hello', 'no claims'],
    ['no login', { ...valid, login: undefined }, 'names no Twitch user'],
    ['a login that is not text', { ...valid, login: 7 }, 'names no Twitch user'],
    ['no Twitch id', { ...valid, tid: '' }, 'names no Twitch user'],
    ['a subject that is not a user id', { ...valid, sub: 'admin' }, 'no valid subject'],
    ['a subject past the INTEGER key', { ...valid, sub: '99999999999' }, 'no valid subject'],
    ['no exp', { ...valid, exp: undefined }, 'no expiry'],
    ['no iat', { ...valid, iat: undefined }, 'no expiry or issue time'],
    ['an iat beyond the clock tolerance', { ...valid, iat: now + 61, exp: now + 61 + ttl }, 'in the future'],
    ['a longer life than the service gives', { ...valid, exp: valid.iat + ttl + 1 }, 'lives longer'],
  ])('refuses %s', (_name, payload, problem) => {
    expect(claimsProblem(payload, now, ttl)).toContain(problem);
  });
});
