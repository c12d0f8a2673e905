import { ArgsType, Field } from '@nestjs/graphql';
import { IsTwitchLogin } from '../../common/graphql/arg-validators';

@ArgsType()
export class ChannelLoginArgs {
  @Field({ description: 'A Twitch login (case-insensitive).' })
  @IsTwitchLogin()
  login: string;
}
