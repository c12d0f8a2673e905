import { describe, expect, it } from '@jest/globals';
import { createRedactor, REDACTED } from './redaction';

describe('createRedactor', () => {
  const secret = 'probe-client-secret-0123456789';
  const redact = createRedactor([secret, 'db-pass word', undefined, 'short']);

  it("removes @twurple's token URL credentials (the message that reached clients in issue 8)", () => {
    const line =
      'Encountered HTTP status code 400: Bad Request\n\nURL: token?grant_type=authorization_code&client_id=app' +
      `&client_secret=${secret}&code=anything&redirect_uri=http%3A%2F%2Flocalhost%2Fcb\nMethod: POST`;
    const redacted = redact(line);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(`client_secret=${REDACTED}&code=${REDACTED}&redirect_uri=`);
    expect(redacted).toContain('client_id=app');
  });

  it('removes configured values wherever they appear, also URL- and base64url-encoded', () => {
    for (const form of [
      secret,
      encodeURIComponent('db-pass word'),
      Buffer.from(secret).toString('base64url'),
    ]) {
      expect(redact(`before ${form} after`)).toBe(`before ${REDACTED} after`);
    }
  });

  it('leaves configured values too short to search for to the patterns', () => {
    expect(redact('a short walk')).toBe('a short walk');
  });

  it.each([
    ['a revoke URL', 'revoke?client_id=x&token=abcdef123', `revoke?client_id=x&token=${REDACTED}`],
    [
      'a form body',
      'refresh_token=r1r2r3&grant_type=refresh_token',
      `refresh_token=${REDACTED}&grant_type=refresh_token`,
    ],
    [
      'a JSON token answer',
      '{"access_token":"a1","refresh_token":"r\\"1","expires_in":3600}',
      `{"access_token":"${REDACTED}","refresh_token":"${REDACTED}","expires_in":3600}`,
    ],
    ['a header line', 'Authorization: Bearer abc', `Authorization: Bearer ${REDACTED}`],
    ['a JSON header', '{"authorization":"OAuth abc"}', `{"authorization":"OAuth ${REDACTED}"}`],
    ['a bare bearer token', 'sent Bearer eyJhbGciOi.x1.y2 to', `sent Bearer ${REDACTED} to`],
    ['chat login', 'PASS oauth:k3y', `PASS oauth:${REDACTED}`],
    ['a database URL', 'postgres://tracker:hunter2@db:5432/x', `postgres://tracker:${REDACTED}@db:5432/x`],
    ['a replica-set URI', 'mongodb://u:p%40ss@h1,h2/db', `mongodb://u:${REDACTED}@h1,h2/db`],
  ])('removes %s', (_name, line, expected) => expect(redact(line)).toBe(expected));

  it.each([
    'Twitch refused the authorization code (HTTP 400)',
    'the OAuth authorization-code flow',
    '{"code":"BAD_USER_INPUT"}',
    'GET http://localhost:3000/health',
  ])('keeps ordinary text: %s', (line) => expect(redact(line)).toBe(line));
});
