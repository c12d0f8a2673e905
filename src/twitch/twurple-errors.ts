import { HttpStatusCodeError } from '@twurple/api-call';
import { TwitchRequestError } from './twitch-request-error';

/** @twurple's API client tries a 5xx answer or a network failure 3 more times; its OAuth calls it does not. */
const API_RETRIES = 3;
const OAUTH_ENDPOINTS = /^(token|validate|revoke)$/;

function noAnswer(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'AbortError' ||
    error.name === 'TimeoutError' ||
    (error instanceof TypeError && error.message === 'fetch failed')
  );
}

/**
 * A failed @twurple call as a TwitchRequestError (status and endpoint, no query or body); anything that is
 * not a failure of Twitch or of the way there (a bug) is returned as it is.
 */
export function asTwitchRequestError(error: unknown): unknown {
  if (error instanceof TwitchRequestError) return error;
  if (error instanceof HttpStatusCodeError) {
    // A relative URL (`streams?…`, `token?…`) for Helix and OAuth calls; only its path is safe to repeat.
    const endpoint = error.url.split('?')[0].replace(/^\//, '');
    const retried = error.statusCode >= 500 && !OAUTH_ENDPOINTS.test(endpoint);
    return new TwitchRequestError(
      error.statusCode,
      `Twitch answered HTTP ${error.statusCode} to /${endpoint}${retried ? ` after ${API_RETRIES} retries` : ''}`,
      { cause: error },
    );
  }
  if (noAnswer(error)) return new TwitchRequestError(null, 'Twitch could not be reached', { cause: error });
  return error;
}
