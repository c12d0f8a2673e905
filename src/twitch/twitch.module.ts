import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider } from '@twurple/auth';
import { twitchConfig } from '../config';
import { twurpleLoggerOptions } from './twurple-logger';
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
  ],
  exports: [TwitchStreamsPort],
})
export class TwitchModule {}
