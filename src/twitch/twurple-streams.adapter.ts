import { Injectable } from '@nestjs/common';
import { ApiClient, HelixStream } from '@twurple/api';
import { TwitchCalls } from './twitch-calls';
import type { TwitchRateLimitStats, TwitchStream, TwitchStreamsPage } from './twitch-stream';
import { TwitchStreamsPort } from './twitch-streams.port';
import { asTwitchRequestError } from './twurple-errors';

function blankToNull(value: string | null | undefined): string | null {
  return value ? value : null;
}

function toTwitchStream(stream: HelixStream): TwitchStream {
  return {
    id: stream.id,
    userId: stream.userId,
    userLogin: stream.userName.toLowerCase(),
    userName: stream.userDisplayName,
    gameId: blankToNull(stream.gameId),
    gameName: blankToNull(stream.gameName),
    title: blankToNull(stream.title),
    viewerCount: stream.viewers,
    language: blankToNull(stream.language),
    startedAt: Number.isNaN(stream.startDate.getTime()) ? null : stream.startDate,
  };
}

/**
 * @twurple already retries 5xx and network failures (3 times, 0.5 s back-off doubling) and, on a 429,
 * waits until `Ratelimit-Reset` before retrying; it also paces requests by the `Ratelimit-*` headers.
 * What still fails comes out as a TwitchRequestError.
 */
@Injectable()
export class TwurpleStreamsAdapter extends TwitchStreamsPort {
  constructor(
    private readonly api: ApiClient,
    private readonly calls: TwitchCalls,
  ) {
    super();
  }

  async fetchLiveStreamsPage(request: { first: number; after?: string | null }): Promise<TwitchStreamsPage> {
    const page = await this.calls
      .run('Get Streams', () =>
        this.api.streams.getStreams({
          type: 'live',
          limit: request.first,
          after: request.after ?? undefined,
        }),
      )
      .catch((error: unknown) => {
        throw asTwitchRequestError(error);
      });
    return { streams: page.data.map(toTwitchStream), cursor: page.cursor ?? null };
  }

  rateLimit(): TwitchRateLimitStats {
    const stats = this.api.rateLimiterStats;
    return {
      limit: stats?.lastKnownLimit ?? null,
      remaining: stats?.lastKnownRemainingRequests ?? null,
      resetsAt: stats?.lastKnownResetDate ?? null,
    };
  }
}
