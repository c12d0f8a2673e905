export * from './app.config';
export * from './auth.config';
export * from './cache.config';
export * from './configured-secrets';
export * from './database.config';
export * from './duration';
export * from './env-reader';
export * from './graphql.config';
export * from './migration.config';
export * from './simulator.config';
export * from './streams.config';
export * from './tracker.config';
export * from './twitch.config';
export * from './load-env-file';

import { appConfig } from './app.config';
import { authConfig } from './auth.config';
import { cacheConfig } from './cache.config';
import { databaseConfig } from './database.config';
import { graphqlConfig } from './graphql.config';
import { migrationConfig } from './migration.config';
import { simulatorConfig } from './simulator.config';
import { streamsConfig } from './streams.config';
import { trackerConfig } from './tracker.config';
import { twitchConfig } from './twitch.config';

export const configNamespaces = [
  appConfig,
  authConfig,
  databaseConfig,
  twitchConfig,
  streamsConfig,
  cacheConfig,
  simulatorConfig,
  migrationConfig,
  trackerConfig,
  graphqlConfig,
];
