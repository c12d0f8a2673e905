import { afterEach, describe, expect, it } from '@jest/globals';
import { appConfig } from './app.config';

describe('appConfig', () => {
  const saved = process.env.NODE_ENV;

  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  it.each([
    ['production', true],
    ['development', false],
    ['test', false],
  ])('reads NODE_ENV=%s', (value, production) => {
    process.env.NODE_ENV = value;
    expect(appConfig().production).toBe(production);
  });

  it.each(['prod', 'Production', 'staging'])('stops on NODE_ENV=%s, naming it', (value) => {
    process.env.NODE_ENV = value;
    expect(() => appConfig()).toThrow(
      `Invalid setting NODE_ENV: expected one of development, production, test, got "${value}"`,
    );
  });
});
