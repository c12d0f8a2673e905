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

describe('CORS_ORIGINS', () => {
  const saved = process.env.CORS_ORIGINS;

  afterEach(() => {
    if (saved === undefined) delete process.env.CORS_ORIGINS;
    else process.env.CORS_ORIGINS = saved;
  });

  it('is empty unless set: no other site may call the API', () => {
    delete process.env.CORS_ORIGINS;
    expect(appConfig().corsOrigins).toEqual([]);
    process.env.CORS_ORIGINS = '  ';
    expect(appConfig().corsOrigins).toEqual([]);
  });

  it.each([
    ['https://dashboard.example.com', ['https://dashboard.example.com']],
    ['http://localhost:5173', ['http://localhost:5173']],
    [
      'https://a.example.com, http://localhost:5173  http://127.0.0.1:8080',
      ['https://a.example.com', 'http://localhost:5173', 'http://127.0.0.1:8080'],
    ],
    ['HTTPS://Dashboard.Example.com:443', ['https://dashboard.example.com']],
    ['http://[::1]:3000', ['http://[::1]:3000']],
    ['https://a.example.com,https://a.example.com', ['https://a.example.com']],
  ])('reads CORS_ORIGINS=%s', (value, origins) => {
    process.env.CORS_ORIGINS = value;
    expect(appConfig().corsOrigins).toEqual(origins);
  });

  it.each([
    '*',
    'https://dashboard.example.com/',
    'https://dashboard.example.com/app',
    'https://dashboard.example.com?x=1',
    'https://dashboard.example.com#x',
    'dashboard.example.com',
    'ftp://dashboard.example.com',
    'https://user:pass@dashboard.example.com',
    'https://',
    'http://localhost:99999',
    'null',
    'https://ok.example.com, https://*.example.com',
    'https://a.example.com\\evil',
  ])('stops on CORS_ORIGINS=%s, naming it', (value) => {
    process.env.CORS_ORIGINS = value;
    expect(() => appConfig()).toThrow('Invalid setting CORS_ORIGINS:');
  });
});
