import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { RedactingLogger } from './redacting-logger';

describe('RedactingLogger', () => {
  const secret = 'logger-secret-0123456789';
  const written: string[] = [];
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };

  beforeEach(() => {
    written.length = 0;
    for (const stream of ['stdout', 'stderr'] as const) {
      process[stream].write = ((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }) as typeof process.stdout.write;
    }
    Logger.overrideLogger(new RedactingLogger([secret], { colors: false }));
  });

  afterEach(() => {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
    Logger.overrideLogger(new RedactingLogger([]));
  });

  it('redacts messages, errors and stack traces of every level through `new Logger(...)`', () => {
    const logger = new Logger('Probe');
    const error = new Error(`URL: token?client_secret=${secret}`);
    logger.log(`configured ${secret}`);
    logger.warn('Authorization: Bearer abc');
    logger.error(`failed with ${secret}`, error.stack);
    logger.error(error);
    const output = written.join('');
    expect(written.length).toBeGreaterThanOrEqual(4);
    expect(output).not.toContain(secret);
    expect(output).not.toContain('Bearer abc');
    expect(output).toContain('[Probe]');
    expect(output).toContain('client_secret=[REDACTED]');
  });
});
