import { afterEach, describe, expect, it } from '@jest/globals';
import { databaseConfig } from './database.config';

describe('DATABASE_STATEMENT_TIMEOUT', () => {
  const saved = process.env.DATABASE_STATEMENT_TIMEOUT;

  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_STATEMENT_TIMEOUT;
    else process.env.DATABASE_STATEMENT_TIMEOUT = saved;
  });

  it('is 60 s unless set; 0 turns it off', () => {
    delete process.env.DATABASE_STATEMENT_TIMEOUT;
    expect(databaseConfig().statementTimeoutMs).toBe(60_000);
    process.env.DATABASE_STATEMENT_TIMEOUT = '0';
    expect(databaseConfig().statementTimeoutMs).toBe(0);
  });

  it('stops on a value that is not a duration, naming it', () => {
    process.env.DATABASE_STATEMENT_TIMEOUT = '-1';
    expect(() => databaseConfig()).toThrow('Invalid setting DATABASE_STATEMENT_TIMEOUT:');
  });
});
