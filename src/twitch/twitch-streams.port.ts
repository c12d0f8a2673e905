import type { TwitchRateLimitStats, TwitchStreamsPage } from './twitch-stream';

/**
 * Helix's Get Streams, one page at a time; retries and rate limiting happen behind it, and a call that
 * still fails rejects with a TwitchRequestError.
 */
export abstract class TwitchStreamsPort {
  abstract fetchLiveStreamsPage(request: {
    first: number;
    after?: string | null;
  }): Promise<TwitchStreamsPage>;

  abstract rateLimit(): TwitchRateLimitStats;
}
