import { describe, expect, it } from '@jest/globals';
import { configuredSecrets } from './configured-secrets';
import { EnvReader } from './env-reader';

describe('configuredSecrets', () => {
  it('lists the secrets and the passwords inside the store URLs, written and decoded', () => {
    const env = new EnvReader({
      TWITCH_CLIENT_SECRET: 'client-secret',
      JWT_SECRET: 'jwt-secret',
      TWITCH_MODERATOR_TOKEN: 'moderator-token',
      DATABASE_URL: 'postgres://tracker:p%40ss@db:5432/x',
      REDIS_URL: 'redis://:redis-pass@cache:6379',
      MONGODB_URI: 'mongodb://u:mongo-pass@h1,h2/db',
    });
    expect(configuredSecrets(env)).toEqual([
      'client-secret',
      'jwt-secret',
      'moderator-token',
      'p%40ss',
      'p@ss',
      'redis-pass',
      'mongo-pass',
    ]);
  });

  it('lists nothing for URLs without a password', () => {
    const env = new EnvReader({
      DATABASE_URL: 'sqlite:./data/x.sqlite',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(configuredSecrets(env)).toEqual([]);
  });
});
