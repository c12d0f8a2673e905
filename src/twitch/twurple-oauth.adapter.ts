import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiClient } from '@twurple/api';
import { exchangeCode, getTokenInfo, revokeToken, StaticAuthProvider } from '@twurple/auth';
import { currentTwurpleMockApiPort, twitchConfig } from '../config';
import {
  type CompletedLogin,
  TwitchLoginError,
  TwitchOAuthPort,
  type TwitchUserProfile,
} from './twitch-oauth.port';
import { TwitchRequestError } from './twitch-request-error';
import { asTwitchRequestError } from './twurple-errors';
import { TwitchCalls } from './twitch-calls';
import { twurpleLoggerOptions } from './twurple-logger';

const TWITCH_AUTHORIZE_URL = 'https://id.twitch.tv/oauth2/authorize';

@Injectable()
export class TwurpleOAuthAdapter extends TwitchOAuthPort {
  private readonly logger = new Logger(TwurpleOAuthAdapter.name);

  constructor(
    @Inject(twitchConfig.KEY) private readonly config: ConfigType<typeof twitchConfig>,
    private readonly calls: TwitchCalls,
  ) {
    super();
  }

  authorizeUrl(request: { redirectUri: string; scopes: string[]; state: string }): string {
    // Same switch as @twurple's own calls: a mock API port means the simulator's consent page.
    const mockPort = currentTwurpleMockApiPort();
    const url = new URL(mockPort ? `http://localhost:${mockPort}/auth/authorize` : TWITCH_AUTHORIZE_URL);
    url.search = new URLSearchParams({
      client_id: this.config.clientId,
      redirect_uri: request.redirectUri,
      response_type: 'code',
      scope: request.scopes.join(' '),
      state: request.state,
    }).toString();
    return url.toString();
  }

  completeLogin(
    code: string,
    redirectUri: string,
    keepGrant?: (profile: TwitchUserProfile, scopes: readonly string[]) => boolean,
  ): Promise<CompletedLogin> {
    return this.calls.run('the login', () => this.exchange(code, redirectUri, keepGrant));
  }

  private async exchange(
    code: string,
    redirectUri: string,
    keepGrant?: (profile: TwitchUserProfile, scopes: readonly string[]) => boolean,
  ): Promise<CompletedLogin> {
    const { clientId, clientSecret } = this.config;
    let kept = false;
    const token = await exchangeCode(clientId, clientSecret, code, redirectUri).catch((error: unknown) => {
      throw this.loginFailure(
        'Exchanging the authorization code',
        error,
        'Twitch refused the authorization code',
      );
    });
    try {
      const info = await getTokenInfo(token.accessToken, clientId);
      if (info.clientId !== clientId || !info.userId) {
        throw new TwitchLoginError(
          'Twitch returned a token that was not issued to this application for a user',
        );
      }
      const api = new ApiClient({
        authProvider: new StaticAuthProvider(clientId, token.accessToken, info.scopes),
        logger: twurpleLoggerOptions('TwitchLogin'),
        fetchOptions: this.calls.fetchOptions,
      });
      const withEmail = info.scopes.includes('user:read:email');
      const user = await api.users.getAuthenticatedUser(info.userId, withEmail);
      const profile: TwitchUserProfile = {
        id: user.id,
        login: user.name.toLowerCase(),
        displayName: user.displayName,
        profileImageUrl: user.profilePictureUrl || null,
        email: withEmail ? (user.email ?? null) : null,
      };
      kept = keepGrant?.(profile, info.scopes) ?? false;
      if (!kept) return { profile };
      const grant = {
        accessToken: token.accessToken,
        refreshToken: token.refreshToken ?? undefined,
        scopes: info.scopes,
      };
      return { profile, grant };
    } catch (error) {
      throw this.loginFailure('Reading the logged-in user', error, 'Twitch refused the login');
    } finally {
      if (!kept) {
        await revokeToken(clientId, token.accessToken).catch((error: Error) =>
          this.logger.warn(`Could not revoke a login token: ${error.message}`),
        );
      }
    }
  }

  /**
   * What the user is told of a failed Twitch call (the status, never @twurple's message: it carries the token
   * URL with the client secret); what Twitch said goes to the log, which redacts it.
   */
  private loginFailure(step: string, error: unknown, refusal: string): unknown {
    if (error instanceof TwitchLoginError) return error;
    const failure = asTwitchRequestError(error);
    if (!(failure instanceof TwitchRequestError)) return error;
    this.logger.warn(`${step} failed: ${failure.message}: ${failure.detail}`);
    return failure.refused
      ? new TwitchLoginError(`${refusal} (HTTP ${failure.status}); start again at /auth/twitch`)
      : new TwitchLoginError(
          `Twitch could not complete the login (${failure.message}); try again`,
          'unavailable',
        );
  }
}
