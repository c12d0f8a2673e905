import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider } from '@twurple/auth';
import { twitchConfig } from '../config';
import { TwitchOAuthPort } from './twitch-oauth.port';
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
  ],
  exports: [TwitchStreamsPort, TwitchOAuthPort],
})
export class TwitchModule {}
