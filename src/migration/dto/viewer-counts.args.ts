import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { TimeRangeArgs } from './time-range.args';

@ArgsType()
export class ViewerCountsArgs extends TimeRangeArgs {
  @Field({ description: 'A Twitch login, in any case.' })
  @IsString()
  @MaxLength(64)
  channel: string;
}
