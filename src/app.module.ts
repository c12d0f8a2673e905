import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { CacheModule } from '@nestjs/cache-manager';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { ConfigType } from '@nestjs/config';
import { APP_PIPE } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { ScheduleModule } from '@nestjs/schedule';
import { AuthModule } from './auth/auth.module';
import { AccessTokenService } from './auth/access-token.service';
import {
  connectionAuthentication,
  connectionOriginCheck,
  connectionUserId,
  graphqlContext,
} from './auth/graphql-ws-authentication';
import { CacheStoreModule } from './cache/cache-store.module';
import { CacheStoreService } from './cache/cache-store.service';
import { Clock } from './common/clock';
import { CommonModule } from './common/common.module';
import { formatGraphqlError, formatSubscriptionResult } from './common/graphql/graphql-error.formatter';
import { apolloLogger } from './common/graphql/apollo-logger';
import { ArgumentsPipe } from './common/graphql/arguments-pipe';
import { graphqlWsChecks } from './common/graphql/graphql-ws-checks';
import { graphqlWsLimits } from './common/graphql/graphql-ws-limits';
import { queryLimits, queryLimitsPlugin } from './common/graphql/query-limits';
import { appConfig, configNamespaces, graphqlConfig, type MigrationConfig, trackerConfig } from './config';
import { DashboardModule } from './dashboard/dashboard.module';
import type { DashboardOptions } from './dashboard/dashboard.middleware';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MigrationModule } from './migration/migration.module';
import { SimulatorModule } from './simulator/simulator.module';
import { memoryStatsResponseCache } from './stats/memory-stats-response-cache';
import { StatsModule } from './stats/stats.module';
import { LatestSnapshotService } from './streams/latest-snapshot.service';
import { SnapshotsModule } from './streams/snapshots.module';
import { StreamsModule } from './streams/streams.module';
import { TrackerModule } from './tracker/tracker.module';
import { TwitchModule } from './twitch/twitch.module';

export interface AppModuleOptions {
  /** Start the in-process Twitch simulator and point every Twitch client at it. */
  embeddedSimulator: boolean;
  /** Where migrations are stored (MongoDB when `mongoUri` is set); the SQL database when omitted. */
  migration?: MigrationConfig;
  /** Serve the built dashboard (web/dist) and GraphiQL; the API alone when omitted. */
  dashboard?: DashboardOptions;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: configNamespaces }),
        ScheduleModule.forRoot(),
        CacheModule.registerAsync({
          isGlobal: true,
          imports: [CacheStoreModule],
          inject: [CacheStoreService],
          useFactory: (store: CacheStoreService) => store.cacheOptions(),
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule, SnapshotsModule],
          inject: [
            appConfig.KEY,
            graphqlConfig.KEY,
            trackerConfig.KEY,
            GraphQLSchemaHost,
            AccessTokenService,
            Clock,
            LatestSnapshotService,
          ],
          useFactory: (
            config: ConfigType<typeof appConfig>,
            graphql: ConfigType<typeof graphqlConfig>,
            tracker: ConfigType<typeof trackerConfig>,
            schemaHost: GraphQLSchemaHost,
            tokens: AccessTokenService,
            clock: Clock,
            latestSnapshot: LatestSnapshotService,
          ) => ({
            autoSchemaFile: true,
            sortSchema: true,
            // GraphiQL is the dashboard's own build (src/dashboard), not Apollo's page that loads from a CDN.
            graphiql: false,
            introspection: !config.production,
            logger: apolloLogger(),
            formatError: (formatted, error) =>
              formatGraphqlError(formatted, error, { hideSchemaDetails: config.production }),
            // The parser stops at the first token over GRAPHQL_MAX_TOKENS; the plugin checks the other limits
            // once the operation is known, before it runs.
            parseOptions: { maxTokens: graphql.maxTokens },
            // No HTTP cache hints are served; without the plugin no per-field hook runs on every resolve.
            // (The cast bridges @apollo/server's CommonJS and ESM type declarations of the same object.)
            plugins: [
              ApolloServerPluginCacheControlDisabled(),
              ApolloServerPluginLandingPageDisabled(),
              queryLimitsPlugin(queryLimits(graphql, tracker)),
              memoryStatsResponseCache(latestSnapshot),
            ] as unknown as ApolloDriverConfig['plugins'],
            context: graphqlContext,
            // Subscriptions over graphql-ws on the same path; the JWT comes in the connection params.
            subscriptions: {
              'graphql-ws': {
                onNext: (_ctx, _id, _payload, _args, result) =>
                  formatSubscriptionResult(result, { hideSchemaDetails: config.production }),
                ...graphqlWsLimits({
                  limits: queryLimits(graphql, tracker),
                  subscriptionsPerConnection: graphql.subscriptionsPerConnection,
                  subscriptionsPerUser: graphql.subscriptionsPerUser,
                  schema: () => schemaHost.schema,
                  checks: graphqlWsChecks(config.production),
                  admitOrigin: connectionOriginCheck(config.corsOrigins),
                  authenticate: connectionAuthentication(tokens, clock),
                  userOf: connectionUserId,
                }),
              },
            },
          }),
        }),
        CommonModule,
        ...(options.dashboard ? [DashboardModule.forRoot(options.dashboard)] : []),
        LifecycleModule,
        DatabaseModule,
        AuthModule,
        ...(options.embeddedSimulator ? [SimulatorModule.forRoot()] : []),
        TwitchModule,
        StreamsModule,
        StatsModule,
        MigrationModule.forRoot(options.migration),
        TrackerModule,
        HealthModule,
      ],
      providers: [{ provide: APP_PIPE, useClass: ArgumentsPipe }],
    };
  }
}
