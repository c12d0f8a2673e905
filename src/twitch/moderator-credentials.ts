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

/** A user token chat is read as, and what Twitch said of it. */
export interface ReaderCredentials {
  readonly grant: ModeratorGrant | undefined;
  /** Changes with every new grant and every refusal. */
  readonly revision: number;
  /** There is a grant and Twitch has not refused it. */
  readonly usable: boolean;
  /** Why Twitch refused the grant's token, in words safe for logs; undefined while it has not. */
  readonly refusal: string | undefined;
  /** Whether chat may be read anonymously when the grant cannot be used (the moderator's may). */
  readonly anonymousFallback: boolean;
  /** Twitch refused the token of `revision`. */
  refuse(revision: number, reason: string): void;
}

/**
 * A token configured for good (a reader account of TWITCH_READER_TOKENS, a moderator token after the first
 * of TWITCH_MODERATOR_TOKEN): it only adds capacity, so a refused one is simply not used again (never
 * replaced by an anonymous connection).
 */
export class ConfiguredTokenCredentials implements ReaderCredentials {
  readonly anonymousFallback = false;
  private refused: string | undefined;

  constructor(readonly grant: ModeratorGrant) {}

  get revision(): number {
    return this.refused === undefined ? 0 : 1;
  }

  get usable(): boolean {
    return this.refused === undefined;
  }

  get refusal(): string | undefined {
    return this.refused;
  }

  refuse(revision: number, reason: string): void {
    if (revision === this.revision) this.refused = reason;
  }
}

/**
 * The moderator credentials Get Chatters is read with: TWITCH_MODERATOR_TOKEN when set, or a grant handed
 * over at run time (the embedded simulator's moderator). `revision` changes with every hand-over, so that
 * clients built from an older grant are rebuilt and channels refused before are tried again, and when
 * Twitch refuses the token, so that the tracker moves its channels to chat until a new grant arrives.
 */
@Injectable()
export class ModeratorCredentials implements ReaderCredentials {
  readonly anonymousFallback = true;
  private readonly logger = new Logger(ModeratorCredentials.name);
  private current: ModeratorGrant | undefined;
  /** Why Twitch refused the current grant's token (not one channel), in words safe for logs and /health. */
  private refused: string | undefined;
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

  /** There is a grant and Twitch has not refused it. */
  get usable(): boolean {
    return this.current !== undefined && this.refused === undefined;
  }

  get refusal(): string | undefined {
    return this.refused;
  }

  use(grant: ModeratorGrant): void {
    this.current = grant;
    this.refused = undefined;
    this.version++;
    this.logger.log(`Chatters are read with the moderator token of ${grant.origin}`);
  }

  /**
   * Marks the grant of `revision` unusable; ignored when a newer grant has arrived since (the refusal was
   * about the old one).
   */
  refuse(revision: number, reason: string): void {
    if (revision !== this.version || !this.current || this.refused) return;
    this.refused = reason;
    this.version++;
    this.logger.error(
      `Twitch refused the moderator token of ${this.current.origin} (${reason}): channels are tracked ` +
        'through chat until an administrator lends a new one at /auth/twitch?moderator=true',
    );
  }
}
