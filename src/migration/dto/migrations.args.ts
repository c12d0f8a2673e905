import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntInRange, IsTwitchLogin, NullMeansDefault } from '../../common/graphql/arg-validators';
import { MIGRATION_LIMITS } from '../migration-limits';
import { TimeRangeArgs } from './time-range.args';

const { pageSize } = MIGRATION_LIMITS;

@ArgsType()
export class MigrationsArgs extends TimeRangeArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsTwitchLogin()
  fromChannel?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsTwitchLogin()
  toChannel?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsTwitchLogin()
  userLogin?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: pageSize.default, description: `1..${pageSize.max}` })
  @NullMeansDefault(pageSize.default)
  @IsIntInRange(1, pageSize.max)
  first: number = pageSize.default;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}
