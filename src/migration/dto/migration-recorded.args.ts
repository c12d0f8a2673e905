import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsTwitchLogin } from '../../common/graphql/arg-validators';

@ArgsType()
export class MigrationRecordedArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only migrations out of or into this channel (a Twitch login, in any case).',
  })
  @IsOptional()
  @IsTwitchLogin()
  channel?: string | null;
}
