import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { IsDateInRange, IsIntInRange, NullMeansDefault } from './arg-validators';
import { ArgumentsPipe } from './arguments-pipe';

class Args {
  @NullMeansDefault(50)
  @IsIntInRange(1, 100)
  first = 50;

  @IsOptional()
  @IsIntInRange(0)
  viewerCount?: number | null;

  @IsOptional()
  @IsDateInRange()
  since?: Date | null;
}

// The application's pipe, as it runs on every GraphQL argument class.
const pipe = new ArgumentsPipe();
const run = async (value: Record<string, unknown>) =>
  pipe.transform(value, { type: 'body', metatype: Args }) as Args;

async function messageOf(value: Record<string, unknown>): Promise<string> {
  const error = await run(value).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return ((error as BadRequestException).getResponse() as { message: string[] }).message.join('; ');
}

describe('argument validators', () => {
  it('reads an explicit null as the default, and keeps other values', async () => {
    expect((await run({ first: null })).first).toBe(50);
    expect((await run({ first: 7 })).first).toBe(7);
    expect((await run({})).first).toBe(50);
    expect((await run({ viewerCount: null })).viewerCount).toBeNull();
  });

  it('refuses an integer out of range with one message', async () => {
    expect(await messageOf({ first: 0 })).toBe('first must be an integer from 1 to 100; got 0');
    expect(await messageOf({ first: 101 })).toBe('first must be an integer from 1 to 100; got 101');
    expect(await messageOf({ viewerCount: -1 })).toBe('viewerCount must be an integer at least 0; got -1');
  });

  it('accepts dates from 1970 to 9999 only', async () => {
    await expect(run({ since: new Date('1970-01-01T00:00:00Z') })).resolves.toBeDefined();
    await expect(run({ since: new Date('9999-12-31T23:59:59.999Z') })).resolves.toBeDefined();
    for (const since of [
      new Date('-000100-01-01T00:00:00Z'),
      new Date('+010000-01-01T00:00:00Z'),
      new Date('x'),
    ]) {
      expect(await messageOf({ since })).toBe(
        'since must be a date-time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z',
      );
    }
  });
});
