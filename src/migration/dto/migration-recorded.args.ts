import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

@ArgsType()
export class MigrationRecordedArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only migrations out of or into this channel (a Twitch login, in any case).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  channel?: string | null;
}
