import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiClient } from '@twurple/api';
import { HttpStatusCodeError } from '@twurple/api-call';
import { getTokenInfo, StaticAuthProvider } from '@twurple/auth';
import { twitchConfig } from '../config';
import { ChattersForbiddenError, type ChattersPoll, TwitchChattersPort } from './twitch-chatters.port';
import { twurpleLoggerOptions } from './twurple-logger';

const PAGE_SIZE = 1000;
// A channel of 100,000 chatters is 100 pages; more means the cursor never ends.
const MAX_PAGES = 200;

@Injectable()
export class TwurpleChattersAdapter extends TwitchChattersPort {
  private moderator: Promise<{ api: ApiClient; userId: string }> | null = null;

  constructor(@Inject(twitchConfig.KEY) private readonly config: ConfigType<typeof twitchConfig>) {
    super();
  }

  get available(): boolean {
    return Boolean(this.config.moderatorToken);
  }

  async poll(broadcasterId: string): Promise<ChattersPoll> {
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
      throw error;
    }
    return { logins: [...logins], total, complete: logins.size === total && !after };
  }

  private moderatorClient(): Promise<{ api: ApiClient; userId: string }> {
    this.moderator ??= (async () => {
      const token = this.config.moderatorToken;
      if (!token) throw new Error('TWITCH_MODERATOR_TOKEN is not set');
      const info = await getTokenInfo(token, this.config.clientId);
      if (!info.userId) throw new Error('TWITCH_MODERATOR_TOKEN is not a user token');
      const api = new ApiClient({
        authProvider: new StaticAuthProvider(this.config.clientId, token, info.scopes),
        logger: twurpleLoggerOptions('TwitchChatters'),
      });
      return { api, userId: info.userId };
    })().catch((error: unknown) => {
      this.moderator = null;
      throw error;
    });
    return this.moderator;
  }
}
