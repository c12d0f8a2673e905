import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { twitchConfig } from '../config';

/** A user token that may read chatters: the broadcaster's or a moderator's, with `moderator:read:chatters`. */
export interface ModeratorGrant {
  accessToken: string;
  /** With it the access token is refreshed when Twitch refuses it; without, it is used until then. */
  refreshToken?: string;
  /** Where the grant came from, for the logs (never the token itself). */
  origin: string;
}

/**
 * The moderator credentials Get Chatters is read with: TWITCH_MODERATOR_TOKEN when set, or a grant handed
 * over at run time (the embedded simulator's moderator). `revision` changes with every hand-over, so that
 * clients built from an older grant are rebuilt and channels refused before are tried again.
 */
@Injectable()
export class ModeratorCredentials {
  private readonly logger = new Logger(ModeratorCredentials.name);
  private current: ModeratorGrant | undefined;
  private version = 0;

  constructor(@Inject(twitchConfig.KEY) config: ConfigType<typeof twitchConfig>) {
    if (config.moderatorToken) {
      this.current = { accessToken: config.moderatorToken, origin: 'TWITCH_MODERATOR_TOKEN' };
    }
  }

  get grant(): ModeratorGrant | undefined {
    return this.current;
  }

  get revision(): number {
    return this.version;
  }

  use(grant: ModeratorGrant): void {
    this.current = grant;
    this.version++;
    this.logger.log(`Chatters are read with the moderator token of ${grant.origin}`);
  }
}
