import { ArgsType, Field } from '@nestjs/graphql';
import { IsTwitchLogin } from '../../common/graphql/arg-validators';
import { TimeRangeArgs } from './time-range.args';

@ArgsType()
export class ViewerCountsArgs extends TimeRangeArgs {
  @Field({ description: 'A Twitch login, in any case.' })
  @IsTwitchLogin()
  channel: string;
}
