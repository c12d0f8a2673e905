import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider } from '@twurple/auth';
import { twitchConfig } from '../config';
import { ModeratorCredentials } from './moderator-credentials';
import { TwitchChatPort } from './twitch-chat.port';
import { TwitchChattersPort } from './twitch-chatters.port';
import { TwurpleChattersAdapter } from './twurple-chatters.adapter';
import { TwitchOAuthPort } from './twitch-oauth.port';
import { TwurpleChatAdapter } from './twurple-chat.adapter';
import { twurpleLoggerOptions } from './twurple-logger';
import { TwurpleOAuthAdapter } from './twurple-oauth.adapter';
import { TwitchStreamsPort } from './twitch-streams.port';
import { TwurpleStreamsAdapter } from './twurple-streams.adapter';

@Global()
@Module({
  providers: [
    {
      provide: ApiClient,
      inject: [twitchConfig.KEY],
      useFactory: (config: ConfigType<typeof twitchConfig>) =>
        new ApiClient({
          authProvider: new AppTokenAuthProvider(config.clientId, config.clientSecret),
          logger: twurpleLoggerOptions('TwitchApi'),
        }),
    },
    { provide: TwitchStreamsPort, useClass: TwurpleStreamsAdapter },
    { provide: TwitchOAuthPort, useClass: TwurpleOAuthAdapter },
    { provide: TwitchChatPort, useClass: TwurpleChatAdapter },
    ModeratorCredentials,
    { provide: TwitchChattersPort, useClass: TwurpleChattersAdapter },
  ],
  exports: [ModeratorCredentials, TwitchStreamsPort, TwitchOAuthPort, TwitchChatPort, TwitchChattersPort],
})
export class TwitchModule {}
