import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsIntInRange, IsTwitchLogin, NullMeansDefault } from '../../common/graphql/arg-validators';
import { MIGRATION_LIMITS } from '../migration-limits';
import { TimeRangeArgs } from './time-range.args';

const { flowEdges } = MIGRATION_LIMITS;

@ArgsType()
export class ChannelFlowsArgs extends TimeRangeArgs {
  @Field({ description: 'A Twitch login, in any case.' })
  @IsTwitchLogin()
  channel: string;

  @Field(() => Int, {
    nullable: true,
    defaultValue: flowEdges.default,
    description: `At most this many incoming and this many outgoing edges (1..${flowEdges.max}).`,
  })
  @NullMeansDefault(flowEdges.default)
  @IsIntInRange(1, flowEdges.max)
  limit: number = flowEdges.default;
}
