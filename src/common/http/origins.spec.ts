import { describe, expect, it } from '@jest/globals';
import { isAllowedOrigin, isSameOrigin } from './origins';

describe('isSameOrigin', () => {
  it.each([
    ['http://127.0.0.1:3000', '127.0.0.1:3000'],
    ['https://tracker.example.com', 'tracker.example.com'],
    ['http://tracker.example.com', 'tracker.example.com'],
    ['https://tracker.example.com:8443', 'Tracker.Example.com:8443'],
    // TLS ended by a proxy that passes the Host on: the scheme differs, the host and port do not.
    ['https://tracker.example.com:3000', 'tracker.example.com:3000'],
  ])('%s is the service at Host %s', (origin, host) => {
    expect(isSameOrigin(origin, host)).toBe(true);
  });

  it.each([
    ['http://127.0.0.1:3001', '127.0.0.1:3000'],
    ['http://evil.example.com', 'tracker.example.com'],
    ['http://tracker.example.com.evil.com', 'tracker.example.com'],
    ['https://tracker.example.com', 'tracker.example.com:3000'],
    ['null', 'tracker.example.com'],
    ['file://', 'tracker.example.com'],
    ['http://tracker.example.com', undefined],
    ['http://tracker.example.com', 'tracker.example.com/evil'],
  ])('%s is not the service at Host %s', (origin, host) => {
    expect(isSameOrigin(origin, host)).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  const listed = ['https://dashboard.example.com'];

  it('allows no Origin, the service itself and the listed origins only', () => {
    expect(isAllowedOrigin(undefined, 'api.example.com', listed)).toBe(true);
    expect(isAllowedOrigin('https://api.example.com', 'api.example.com', listed)).toBe(true);
    expect(isAllowedOrigin('https://dashboard.example.com', 'api.example.com', listed)).toBe(true);
    expect(isAllowedOrigin('https://Dashboard.Example.com', 'api.example.com', listed)).toBe(true);
    expect(isAllowedOrigin('https://evil.example.com', 'api.example.com', listed)).toBe(false);
    expect(isAllowedOrigin('https://dashboard.example.com', 'api.example.com', [])).toBe(false);
  });
});
