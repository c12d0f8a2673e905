import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock';
import { authConfig, readsChatOverEventSub, twitchConfig } from '../config';
import { LentReaders } from '../twitch/lent-readers';
import { MODERATED_CHANNELS_SCOPE } from '../twitch/moderated-channels';
import { ModeratorCredentials } from '../twitch/moderator-credentials';
import { chatScopesFor, EVENTSUB_CHAT_SCOPE } from '../twitch/twitch-chat.port';
import { TwitchLoginError, TwitchOAuthPort } from '../twitch/twitch-oauth.port';
import type { JwtClaims } from './auth-user';
import { OAuthStateService, type StateCheck } from './oauth-state.service';
import { UsersService, type UserRecord } from './users.service';

export class LoginRejectedError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 502,
  ) {
    super(message);
    this.name = 'LoginRejectedError';
  }
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserRecord;
  /** The page of this service the login was started for (`/auth/twitch?returnTo=`). */
  returnTo?: string;
}

/**
 * A login that failed after its state was accepted, when that state carried a page to return to: the
 * browser goes back there with the error. `cause` is the failure itself (a LoginRejectedError mostly).
 */
export class ReturnableLoginError extends Error {
  constructor(
    readonly returnTo: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ReturnableLoginError';
  }
}

/** The scope Get Chatters needs; an administrator who grants it lends the tracker a moderator token. */
export const MODERATOR_SCOPE = 'moderator:read:chatters';

const STATE_REJECTIONS: Record<Exclude<StateCheck, 'ok'>, string> = {
  missing: 'The login response carries no state; start again at /auth/twitch',
  unknown: 'This login state is unknown, expired or already used; start again at /auth/twitch',
  'not-this-browser': 'This login was started in another browser; start again at /auth/twitch',
};

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly twitch: TwitchOAuthPort,
    private readonly states: OAuthStateService,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    @Inject(twitchConfig.KEY) private readonly twitchSettings: ConfigType<typeof twitchConfig>,
    private readonly moderators: ModeratorCredentials,
    private readonly readers: LentReaders,
    private readonly clock: Clock,
  ) {}

  /**
   * `asModerator` also asks for the scope Get Chatters needs (kept only for administrators); `returnTo`, a
   * path on this service already validated, is where the callback sends the browser with the token.
   */
  async startLogin(
    asModerator = false,
    returnTo?: string,
    asReader = false,
  ): Promise<{ authorizeUrl: string; browserNonce: string; ttlMs: number }> {
    const { state, browserNonce } = await this.states.issue(returnTo);
    // Chat over EventSub is read as the lending user too, which takes their user:read:chat.
    const lent = readsChatOverEventSub(this.twitchSettings.chatTransport)
      ? [MODERATOR_SCOPE, EVENTSUB_CHAT_SCOPE]
      : [MODERATOR_SCOPE];
    const reader = [...chatScopesFor(this.twitchSettings.chatTransport), MODERATED_CHANNELS_SCOPE];
    const scopes = [
      ...new Set([...this.config.scopes, ...(asModerator ? lent : []), ...(asReader ? reader : [])]),
    ];
    const authorizeUrl = this.twitch.authorizeUrl({
      redirectUri: this.twitchSettings.redirectUri,
      scopes,
      state,
    });
    return { authorizeUrl, browserNonce, ttlMs: this.states.ttlMs };
  }

  /** Checks the state before anything else, so a forged callback never reaches Twitch or the database. */
  async completeLogin(query: {
    code?: string;
    state?: string;
    error?: string;
    browserNonce?: string;
  }): Promise<LoginResult> {
    const { check, returnTo } = await this.states.consume(query.state, query.browserNonce);
    if (check !== 'ok')
      throw new LoginRejectedError(STATE_REJECTIONS[check], check === 'missing' ? 400 : 401);
    if (returnTo === undefined) return this.finishLogin(query);
    try {
      return { ...(await this.finishLogin(query)), returnTo };
    } catch (error) {
      throw new ReturnableLoginError(returnTo, error);
    }
  }

  /** The login once its state is accepted. */
  private async finishLogin(query: { code?: string; error?: string }): Promise<LoginResult> {
    if (query.error) throw new LoginRejectedError(`Twitch did not authorize the login: ${query.error}`, 403);
    if (!query.code) throw new LoginRejectedError('The login response carries no code', 400);
    const chatScopes = chatScopesFor(this.twitchSettings.chatTransport);
    // An administrator lends a moderator token (Get Chatters), or else a reader token (chat).
    const lends = (scopes: readonly string[]) =>
      scopes.includes(MODERATOR_SCOPE) || chatScopes.every((scope) => scopes.includes(scope));
    const keepGrant = (profile: { login: string }, scopes: readonly string[]) =>
      this.users.isAdmin(profile.login) && lends(scopes);
    const { profile, grant } = await this.twitch
      .completeLogin(query.code, this.twitchSettings.redirectUri, keepGrant)
      .catch((error) => {
        if (error instanceof TwitchLoginError)
          throw new LoginRejectedError(error.message, error.reason === 'refused' ? 401 : 502);
        throw error;
      });
    const user = await this.users.recordLogin(profile);
    if (grant) {
      const lent = {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        origin: `${user.login} (administrator login)`,
      };
      if (grant.scopes.includes(MODERATOR_SCOPE)) this.moderators.use(lent);
      else this.readers.lend(user.login, lent);
    }
    this.logger.log(`${user.login} logged in${user.isAdmin ? ' (admin)' : ''}`);
    return {
      accessToken: await this.issueToken(user),
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user,
    };
  }

  issueToken(user: Pick<UserRecord, 'id' | 'twitchId' | 'login'>): Promise<string> {
    const claims: JwtClaims = { sub: String(user.id), tid: user.twitchId, login: user.login };
    // jsonwebtoken counts `exp` from a given `iat`: both on the clock that verifies them.
    return this.jwt.signAsync({ ...claims, iat: Math.floor(this.clock.now() / 1000) });
  }
}
