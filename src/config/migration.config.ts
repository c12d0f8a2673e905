import { registerAs } from '@nestjs/config';
import { ConfigValidationError, EnvReader } from './env-reader';

export interface MigrationConfig {
  /** When set, migrations and viewer counts are stored in MongoDB instead of the SQL database. */
  mongoUri?: string;
  /** How long raw migrations are kept; hourly edge buckets outlive them. */
  retentionMs: number;
}

const HOUR_MS = 3_600_000;

// Not parsed with URL: a replica-set URI lists several host:port pairs, which URL rejects.
const MONGO_URI = /^mongodb(\+srv)?:\/\/[^/?#\s]+(\/[^\s]*)?$/i;

export const migrationConfig = registerAs('migration', (): MigrationConfig => {
  const env = new EnvReader();
  const mongoUri = env.optionalString('MONGODB_URI');
  if (mongoUri !== undefined && !MONGO_URI.test(mongoUri)) {
    throw new ConfigValidationError('MONGODB_URI', 'a mongodb:// or mongodb+srv:// URL', mongoUri);
  }
  return { mongoUri, retentionMs: env.durationMs('MIGRATIONS_RETENTION', '30d', HOUR_MS) };
});
