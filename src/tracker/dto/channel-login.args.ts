import { ArgsType, Field } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { TWITCH_LOGIN } from '../../migration/migration-limits';

@ArgsType()
export class ChannelLoginArgs {
  @Field({ description: 'A Twitch login (case-insensitive).' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Matches(TWITCH_LOGIN, { message: 'login must be a Twitch login (1-25 of a-z, 0-9, _)' })
  login: string;
}
