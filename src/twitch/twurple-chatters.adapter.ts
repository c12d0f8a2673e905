import { ApiClient } from '@twurple/api';
import { HttpStatusCodeError } from '@twurple/api-call';
import { InvalidTokenError } from '@twurple/auth';
import type { TwitchConfig } from '../config';
import { ModeratorAssignment } from './moderator-assignment';
import { userAuthFor } from './moderator-auth';
import type { ReaderCredentials } from './moderator-credentials';
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

interface ModeratorClient {
  api: ApiClient;
  userId: string;
}

/** One moderator token and the client built from its current grant. */
class Moderator {
  private client: Promise<ModeratorClient> | null = null;
  private clientRevision = -1;
  /** The client of the current grant once built, for its rate-limit figures. */
  built: ApiClient | null = null;
  /** The credentials' revision the adapter's assignment knows of. */
  seenRevision: number;

  constructor(
    readonly key: string,
    readonly credentials: ReaderCredentials,
  ) {
    this.seenRevision = credentials.revision;
  }

  get pointsPerMinute(): number {
    return this.built?.rateLimiterStats?.lastKnownLimit ?? DEFAULT_HELIX_POINTS_PER_MINUTE;
  }

  clientFor(config: TwitchConfig, calls: TwitchCalls): Promise<ModeratorClient> {
    const { revision, refusal, grant } = this.credentials;
    if (this.clientRevision !== revision) {
      this.clientRevision = revision;
      this.client = null;
      this.built = null;
    }
    // A refused token is not sent to Twitch again.
    if (refusal) return Promise.reject(new ModeratorTokenRefusedError(refusal));
    this.client ??= this.build(config, calls, revision, grant).catch((error: unknown) => {
      this.client = null;
      if (error instanceof ModeratorTokenRefusedError) this.credentials.refuse(revision, error.reason);
      throw error;
    });
    return this.client;
  }

  private async build(
    config: TwitchConfig,
    calls: TwitchCalls,
    revision: number,
    grant: ReaderCredentials['grant'],
  ): Promise<ModeratorClient> {
    if (!grant) throw new Error('No moderator token: set TWITCH_MODERATOR_TOKEN');
    const { authProvider, userId } = await userAuthFor(config, grant);
    const api = new ApiClient({
      authProvider,
      logger: twurpleLoggerOptions('TwitchChatters'),
      fetchOptions: calls.fetchOptions,
    });
    if (revision === this.credentials.revision) this.built = api;
    return { api, userId };
  }
}

/**
 * Get Chatters with one or several moderator tokens (the first may be replaced at run time by a lent one),
 * each channel read with the token ModeratorAssignment picks: the one that read it before, or one with
 * clearly less load for its budget, trying the others in turn until Twitch lets one in.
 */
export class TwurpleChattersAdapter extends TwitchChattersPort {
  private readonly moderators: Moderator[];
  private readonly assignment = new ModeratorAssignment();

  constructor(
    private readonly config: TwitchConfig,
    credentials: ReaderCredentials,
    private readonly calls: TwitchCalls,
    additional: readonly ReaderCredentials[] = [],
  ) {
    super();
    this.moderators = [credentials, ...additional].map(
      (moderatorCredentials, index) => new Moderator(`moderator-${index + 1}`, moderatorCredentials),
    );
  }

  get available(): boolean {
    return this.moderators.some((moderator) => moderator.credentials.usable);
  }

  /** Changes whenever any token's credentials change. */
  get revision(): number {
    return this.moderators.reduce((sum, moderator) => sum + moderator.credentials.revision, 0);
  }

  get budgets(): ReadonlyMap<string, number> {
    return new Map(
      this.moderators
        .filter((moderator) => moderator.credentials.usable)
        .map((moderator) => [moderator.key, moderator.pointsPerMinute]),
    );
  }

  moderatorFor(broadcasterId: string): string | null {
    this.forgetOnNewCredentials();
    return this.assignment.tokenFor(broadcasterId);
  }

  poll(broadcasterId: string): Promise<ChattersPoll> {
    return this.calls.run('Get Chatters', () => this.readWithSomeToken(broadcasterId));
  }

  private async readWithSomeToken(broadcasterId: string): Promise<ChattersPoll> {
    this.forgetOnNewCredentials();
    let refusal: ModeratorTokenRefusedError | undefined;
    const byKey = new Map(this.moderators.map((moderator) => [moderator.key, moderator]));
    for (const key of this.assignment.order(broadcasterId, this.budgets)) {
      const moderator = byKey.get(key) as Moderator;
      try {
        const poll = await this.read(moderator, broadcasterId);
        this.assignment.read(broadcasterId, key, Math.max(1, Math.ceil(poll.total / PAGE_SIZE)));
        return poll;
      } catch (error) {
        if (error instanceof ChattersForbiddenError) this.assignment.refuse(broadcasterId, key);
        else if (error instanceof ModeratorTokenRefusedError) refusal = error;
        else throw error;
      }
    }
    if (!this.available) {
      throw refusal ?? new ModeratorTokenRefusedError(this.moderators[0].credentials.refusal ?? 'no token');
    }
    throw new ChattersForbiddenError(broadcasterId);
  }

  private async read(moderator: Moderator, broadcasterId: string): Promise<ChattersPoll> {
    const revision = moderator.credentials.revision;
    const { api, userId } = await moderator.clientFor(this.config, this.calls);
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
        const reason = 'Get Chatters answered 401: the token is revoked or expired';
        moderator.credentials.refuse(revision, reason);
        throw new ModeratorTokenRefusedError(reason);
      }
      throw error;
    }
    return { logins: [...logins], total, complete: logins.size === total && !after };
  }

  /** A token's new credentials (or its refusal): what Twitch said of the old ones no longer holds. */
  private forgetOnNewCredentials(): void {
    for (const moderator of this.moderators) {
      if (moderator.seenRevision === moderator.credentials.revision) continue;
      moderator.seenRevision = moderator.credentials.revision;
      this.assignment.forgetToken(moderator.key);
    }
  }
}
