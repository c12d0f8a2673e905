import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiClient } from '@twurple/api';
import { HttpStatusCodeError } from '@twurple/api-call';
import { InvalidTokenError } from '@twurple/auth';
import { twitchConfig } from '../config';
import { userAuthFor } from './moderator-auth';
import { ModeratorCredentials, type ModeratorGrant } from './moderator-credentials';
import { TwitchCalls } from './twitch-calls';
import {
  ChattersForbiddenError,
  type ChattersPoll,
  DEFAULT_HELIX_POINTS_PER_MINUTE,
  ModeratorTokenRefusedError,
  TwitchChattersPort,
} from './twitch-chatters.port';
import { twurpleLoggerOptions } from './twurple-logger';

const PAGE_SIZE = 1000;
// A channel of 100,000 chatters is 100 pages; more means the cursor never ends.
const MAX_PAGES = 200;

@Injectable()
export class TwurpleChattersAdapter extends TwitchChattersPort {
  private moderator: Promise<{ api: ApiClient; userId: string }> | null = null;
  private moderatorRevision = -1;
  /** The client of the current grant once built, for its rate-limit figures. */
  private built: ApiClient | null = null;

  constructor(
    @Inject(twitchConfig.KEY) private readonly config: ConfigType<typeof twitchConfig>,
    private readonly credentials: ModeratorCredentials,
    private readonly calls: TwitchCalls,
  ) {
    super();
  }

  get available(): boolean {
    return this.credentials.usable;
  }

  get revision(): number {
    return this.credentials.revision;
  }

  get pointsPerMinute(): number {
    return this.built?.rateLimiterStats?.lastKnownLimit ?? DEFAULT_HELIX_POINTS_PER_MINUTE;
  }

  poll(broadcasterId: string): Promise<ChattersPoll> {
    return this.calls.run('Get Chatters', () => this.readChatters(broadcasterId));
  }

  private async readChatters(broadcasterId: string): Promise<ChattersPoll> {
    const revision = this.credentials.revision;
    const { api, userId } = await this.moderatorClient();
    const logins = new Set<string>();
    let total = 0;
    let after: string | undefined;
    try {
      await api.asUser(userId, async (ctx) => {
        for (let page = 0; page < MAX_PAGES; page += 1) {
          const result = await ctx.chat.getChatters(broadcasterId, { limit: PAGE_SIZE, after });
          total = result.total;
          for (const chatter of result.data) logins.add(chatter.userName.toLowerCase());
          after = result.cursor || undefined;
          if (!after) break;
        }
      });
    } catch (error) {
      if (error instanceof HttpStatusCodeError && error.statusCode === 403) {
        throw new ChattersForbiddenError(broadcasterId);
      }
      // Still 401 after @twurple's refresh (when the grant has a refresh token): revoked or expired.
      if (
        error instanceof InvalidTokenError ||
        (error instanceof HttpStatusCodeError && error.statusCode === 401)
      ) {
        throw this.refuse(revision, 'Get Chatters answered 401: the token is revoked or expired');
      }
      throw error;
    }
    return { logins: [...logins], total, complete: logins.size === total && !after };
  }

  private moderatorClient(): Promise<{ api: ApiClient; userId: string }> {
    const revision = this.credentials.revision;
    if (this.moderatorRevision !== revision) {
      this.moderatorRevision = revision;
      this.moderator = null;
      this.built = null;
    }
    // A refused token is not sent to Twitch again.
    const refusal = this.credentials.refusal;
    if (refusal) return Promise.reject(new ModeratorTokenRefusedError(refusal));
    this.moderator ??= this.buildModeratorClient(this.credentials.grant, revision).catch((error: unknown) => {
      this.moderator = null;
      throw error;
    });
    return this.moderator;
  }

  private async buildModeratorClient(
    grant: ModeratorGrant | undefined,
    revision: number,
  ): Promise<{ api: ApiClient; userId: string }> {
    if (!grant) throw new Error('No moderator token: set TWITCH_MODERATOR_TOKEN');
    try {
      const { authProvider, userId } = await userAuthFor(this.config, grant);
      const api = new ApiClient({
        authProvider,
        logger: twurpleLoggerOptions('TwitchChatters'),
        fetchOptions: this.calls.fetchOptions,
      });
      if (revision === this.credentials.revision) this.built = api;
      return { api, userId };
    } catch (error) {
      if (error instanceof ModeratorTokenRefusedError) throw this.refuse(revision, error.reason);
      throw error;
    }
  }

  private refuse(revision: number, reason: string): ModeratorTokenRefusedError {
    this.credentials.refuse(revision, reason);
    return new ModeratorTokenRefusedError(reason);
  }
}
