import { describe, expect, it } from '@jest/globals';
import { isSameOriginPath } from './same-origin-path';

describe('isSameOriginPath', () => {
  it.each([
    '/',
    '/map?range=24h&minCount=2',
    '/channels/foo',
    '/channels/some%20streamer',
    '/search?q=a%2Fb',
    `/${'a'.repeat(2047)}`,
  ])('accepts %s', (value) => {
    expect(isSameOriginPath(value)).toBe(true);
  });

  it.each([
    ['another host', '//evil.com'],
    ['a backslash host', '/\\evil.com'],
    ['a backslash anywhere', '/a\\b'],
    ['an absolute URL', 'https://evil.com'],
    ['a scheme', 'javascript:alert(1)'],
    ['a relative path', 'map'],
    ['an empty string', ''],
    ['encoded CR LF', '/%0d%0aSet-Cookie:x'],
    ['raw CR LF', '/\r\nSet-Cookie:x'],
    ['a leading space', ' /x'],
    ['a newline', '/x\ny'],
    ['a tab', '/x\ty'],
    ['a space', '/x y'],
    ['a fragment', '/channels/foo#x'],
    ['raw Unicode', '/ch\u00e4nnel'],
    ['a zero-width space', '/\u200b/evil.com'],
    ['encoded slashes that decode to another host', '/%2F%2Fevil.com'],
    ['an encoded slash after the first', '/%2Fevil.com'],
    ['an encoded backslash', '/%5Cevil.com'],
    ['a dot segment that leaves //', '/.//evil.com'],
    ['a broken escape', '/%E0%A4%A'],
    ['over 2048 characters', `/${'a'.repeat(2999)}`],
    ['not a string', ['/a', '/b']],
  ])('refuses %s', (_why, value) => {
    expect(isSameOriginPath(value)).toBe(false);
  });
});
