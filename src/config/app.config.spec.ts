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

describe('SHUTDOWN_TIMEOUT', () => {
  const saved = process.env.SHUTDOWN_TIMEOUT;

  afterEach(() => {
    if (saved === undefined) delete process.env.SHUTDOWN_TIMEOUT;
    else process.env.SHUTDOWN_TIMEOUT = saved;
  });

  it('is 10 s unless set', () => {
    delete process.env.SHUTDOWN_TIMEOUT;
    expect(appConfig().shutdownTimeoutMs).toBe(10_000);
    process.env.SHUTDOWN_TIMEOUT = '30s';
    expect(appConfig().shutdownTimeoutMs).toBe(30_000);
  });

  it.each(['soon', '0'])('stops on SHUTDOWN_TIMEOUT=%s, naming it', (value) => {
    process.env.SHUTDOWN_TIMEOUT = value;
    expect(() => appConfig()).toThrow('Invalid setting SHUTDOWN_TIMEOUT:');
  });
});
