import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider } from '@twurple/auth';
import { Clock } from '../common/clock';
import { twitchConfig } from '../config';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { ChatReaderPool } from './chat-reader-pool';
import { LentReaders } from './lent-readers';
import { MembershipAndEventSubChat } from './membership-and-eventsub-chat';
import {
  ModeratorCredentials,
  type ReaderCredentials,
  ConfiguredTokenCredentials,
} from './moderator-credentials';
import { TwitchCalls } from './twitch-calls';
import { TwitchChatPort } from './twitch-chat.port';
import { TwitchChattersPort } from './twitch-chatters.port';
import { TwurpleChattersAdapter } from './twurple-chatters.adapter';
import { TwitchOAuthPort } from './twitch-oauth.port';
import { TwurpleChatAdapter } from './twurple-chat.adapter';
import { TwurpleEventSubChatAdapter } from './twurple-eventsub-chat.adapter';
import { twurpleLoggerOptions } from './twurple-logger';
import { TwurpleOAuthAdapter } from './twurple-oauth.adapter';
import { TwitchStreamsPort } from './twitch-streams.port';
import { TwurpleStreamsAdapter } from './twurple-streams.adapter';
import { TwitchRaidsPort } from './twitch-raids.port';
import { TwitchUsersPort } from './twitch-users.port';
import { TwurpleConduitRaidsAdapter } from './twurple-conduit-raids.adapter';
import { TwurpleUsersAdapter } from './twurple-users.adapter';

@Global()
@Module({
  imports: [LifecycleModule],
  providers: [
    TwitchCalls,
    {
      provide: ApiClient,
      inject: [twitchConfig.KEY, TwitchCalls],
      useFactory: (config: ConfigType<typeof twitchConfig>, calls: TwitchCalls) =>
        new ApiClient({
          authProvider: new AppTokenAuthProvider(config.clientId, config.clientSecret),
          logger: twurpleLoggerOptions('TwitchApi'),
          fetchOptions: calls.fetchOptions,
        }),
    },
    { provide: TwitchStreamsPort, useClass: TwurpleStreamsAdapter },
    { provide: TwitchOAuthPort, useClass: TwurpleOAuthAdapter },
    { provide: TwitchUsersPort, useClass: TwurpleUsersAdapter },
    { provide: TwitchRaidsPort, useClass: TwurpleConduitRaidsAdapter },
    {
      provide: TwitchChatPort,
      inject: [twitchConfig.KEY, Clock, ModeratorCredentials, TwitchCalls, TwitchUsersPort, LentReaders],
      useFactory: (
        config: ConfigType<typeof twitchConfig>,
        clock: Clock,
        moderator: ModeratorCredentials,
        calls: TwitchCalls,
        users: TwitchUsersPort,
        lent: LentReaders,
      ): TwitchChatPort => {
        // The moderator (or, over IRC, an anonymous connection) reads first, then each reader account.
        const readers: ReaderCredentials[] = [
          moderator,
          ...config.readerTokens.map(
            (accessToken, index) =>
              new ConfiguredTokenCredentials({ accessToken, origin: `TWITCH_READER_TOKENS[${index}]` }),
          ),
        ];
        const irc = (credentials: ReaderCredentials) =>
          new TwurpleChatAdapter(config, clock, credentials, calls);
        const eventSub = (credentials: ReaderCredentials) =>
          new TwurpleEventSubChatAdapter(config, clock, credentials, calls, users);
        const reader = (credentials: ReaderCredentials): TwitchChatPort => {
          if (config.chatTransport === 'irc') return irc(credentials);
          if (config.chatTransport === 'eventsub') return eventSub(credentials);
          return new MembershipAndEventSubChat(irc(credentials), eventSub(credentials));
        };
        const pool = new ChatReaderPool(readers.map(reader));
        lent.onLend((credentials) => void pool.addReader(reader(credentials)));
        return pool;
      },
    },
    ModeratorCredentials,
    LentReaders,
    {
      provide: TwitchChattersPort,
      inject: [twitchConfig.KEY, ModeratorCredentials, TwitchCalls],
      useFactory: (
        config: ConfigType<typeof twitchConfig>,
        moderator: ModeratorCredentials,
        calls: TwitchCalls,
      ): TwitchChattersPort =>
        new TwurpleChattersAdapter(
          config,
          moderator,
          calls,
          config.additionalModeratorTokens.map(
            (accessToken, index) =>
              new ConfiguredTokenCredentials({ accessToken, origin: `TWITCH_MODERATOR_TOKEN[${index + 1}]` }),
          ),
        ),
    },
  ],
  exports: [
    ModeratorCredentials,
    LentReaders,
    TwitchStreamsPort,
    TwitchOAuthPort,
    TwitchChatPort,
    TwitchChattersPort,
    TwitchUsersPort,
    TwitchRaidsPort,
  ],
})
export class TwitchModule {}
