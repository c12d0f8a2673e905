import { describe, expect, it } from '@jest/globals';
import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntInRange, IsTwitchLogin, NullMeansDefault } from './arg-validators';
import { ArgumentsPipe } from './arguments-pipe';

class Args {
  @IsTwitchLogin()
  channel: string;

  @NullMeansDefault(20)
  @IsIntInRange(1, 200)
  limit = 20;

  @IsOptional()
  @IsString()
  @MaxLength(3)
  @IsIn(['a', 'b'])
  mode?: string;
}

const pipe = new ArgumentsPipe();
const metadata = { type: 'query' as const, metatype: Args };

function responseOf(transform: () => unknown): unknown {
  try {
    transform();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse();
  }
  throw new Error('not refused');
}

describe('ArgumentsPipe', () => {
  it('builds the class with its defaults and transforms, and drops what it does not declare', () => {
    const value = pipe.transform({ channel: ' Foo ', limit: null, extra: 1 }, metadata);
    expect(value).toBeInstanceOf(Args);
    expect(value).toEqual({ channel: 'foo', limit: 20 });
  });

  it("answers as Nest's ValidationPipe did, every broken rule of every argument", async () => {
    const nest = new ValidationPipe({ whitelist: true, transform: true, forbidUnknownValues: false });
    for (const value of [{ channel: 'a b', limit: 0 }, { channel: 'ok', mode: 'long' }, {}]) {
      const expected = await nest.transform({ ...value }, metadata).then(
        () => null,
        (error: BadRequestException) => error.getResponse(),
      );
      expect(responseOf(() => pipe.transform({ ...value }, metadata))).toEqual(expected);
    }
  });

  it('leaves values without an args class as they are', () => {
    expect(pipe.transform('x', { type: 'body', metatype: String })).toBe('x');
    expect(pipe.transform({ a: 1 }, { type: 'custom', metatype: Args })).toEqual({ a: 1 });
  });
});
