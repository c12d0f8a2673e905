import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsOptional } from 'class-validator';
import { IsIntInRange, IsTwitchLogin, NullMeansDefault } from '../../common/graphql/arg-validators';
import { MIGRATION_LIMITS } from '../migration-limits';
import { TimeRangeArgs } from './time-range.args';

const { graphEdges, channelsFilter } = MIGRATION_LIMITS;

@ArgsType()
export class MigrationGraphArgs extends TimeRangeArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description: 'Leave out edges with fewer migrations (they still count in totals and shares).',
  })
  @NullMeansDefault(1)
  @IsIntInRange(1)
  minCount = 1;

  @Field(() => Int, {
    nullable: true,
    defaultValue: graphEdges.default,
    description: `At most this many edges, the largest first (1..${graphEdges.max}).`,
  })
  @NullMeansDefault(graphEdges.default)
  @IsIntInRange(1, graphEdges.max)
  limit: number = graphEdges.default;

  @Field(() => [String], {
    nullable: true,
    description: `Only edges from or to one of these logins (at most ${channelsFilter.max}).`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(channelsFilter.max)
  @IsTwitchLogin()
  channels?: string[] | null;
}
