import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsDateInRange } from '../../common/graphql/arg-validators';

@ArgsType()
export class TimeRangeArgs {
  @Field(() => Date, {
    nullable: true,
    description: 'Start of the range (inclusive); defaults to 24 h before until.',
  })
  @IsOptional()
  @IsDateInRange()
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'End of the range (exclusive); defaults to now.' })
  @IsOptional()
  @IsDateInRange()
  until?: Date | null;
}
