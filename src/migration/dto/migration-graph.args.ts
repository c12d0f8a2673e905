import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
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
  @IsInt()
  @Min(1)
  minCount = 1;

  @Field(() => Int, {
    nullable: true,
    defaultValue: graphEdges.default,
    description: `At most this many edges, the largest first (1..${graphEdges.max}).`,
  })
  @IsInt()
  @Min(1)
  @Max(graphEdges.max)
  limit: number = graphEdges.default;

  @Field(() => [String], {
    nullable: true,
    description: `Only edges from or to one of these logins (at most ${channelsFilter.max}).`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(channelsFilter.max)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  channels?: string[] | null;
}
