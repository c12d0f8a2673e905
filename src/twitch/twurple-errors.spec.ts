import { describe, expect, it } from '@jest/globals';
import { HttpStatusCodeError } from '@twurple/api-call';
import { TwitchRequestError } from './twitch-request-error';
import { asTwitchRequestError } from './twurple-errors';

const SECRET = 'the-client-secret-0123456789';

function httpError(status: number, url: string): HttpStatusCodeError {
  return new HttpStatusCodeError(status, 'Bad', url, 'POST', '{"message":"no"}', true);
}

describe('asTwitchRequestError', () => {
  it("keeps the status and endpoint of @twurple's error, never its URL query", () => {
    const cause = httpError(400, `token?grant_type=client_credentials&client_id=x&client_secret=${SECRET}`);
    expect(cause.message).toContain(SECRET);
    const error = asTwitchRequestError(cause) as TwitchRequestError;
    expect(error).toBeInstanceOf(TwitchRequestError);
    expect(error.message).toBe('Twitch answered HTTP 400 to /token');
    expect(error.status).toBe(400);
    expect(error.refused).toBe(true);
    expect(error.detail).toContain(SECRET); // for the log, which redacts it
  });

  it('says when the API client retried (5xx on Helix, not on OAuth endpoints)', () => {
    expect((asTwitchRequestError(httpError(503, 'streams?type=live')) as Error).message).toBe(
      'Twitch answered HTTP 503 to /streams after 3 retries',
    );
    expect((asTwitchRequestError(httpError(503, 'token?x=1')) as Error).message).toBe(
      'Twitch answered HTTP 503 to /token',
    );
    expect((asTwitchRequestError(httpError(429, 'streams')) as TwitchRequestError).refused).toBe(false);
  });

  it('reports a network failure without a status, and passes anything else on as it is', () => {
    const network = asTwitchRequestError(new TypeError('fetch failed')) as TwitchRequestError;
    expect(network.message).toBe('Twitch could not be reached');
    expect(network.status).toBeNull();
    const bug = new TypeError('x is not a function');
    expect(asTwitchRequestError(bug)).toBe(bug);
  });
});
