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
import { twurpleLoggerOptions } from './twurple-logger';

const TWITCH_AUTHORIZE_URL = 'https://id.twitch.tv/oauth2/authorize';

@Injectable()
export class TwurpleOAuthAdapter extends TwitchOAuthPort {
  private readonly logger = new Logger(TwurpleOAuthAdapter.name);

  constructor(@Inject(twitchConfig.KEY) private readonly config: ConfigType<typeof twitchConfig>) {
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

  async completeLogin(
    code: string,
    redirectUri: string,
    keepGrant?: (profile: TwitchUserProfile, scopes: readonly string[]) => boolean,
  ): Promise<CompletedLogin> {
    const { clientId, clientSecret } = this.config;
    let kept = false;
    const token = await exchangeCode(clientId, clientSecret, code, redirectUri).catch((error: Error) => {
      throw new TwitchLoginError(`Twitch refused the authorization code: ${error.message}`);
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
    } finally {
      if (!kept) {
        await revokeToken(clientId, token.accessToken).catch((error: Error) =>
          this.logger.warn(`Could not revoke a login token: ${error.message}`),
        );
      }
    }
  }
}
