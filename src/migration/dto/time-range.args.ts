import { ArgsType, Field } from '@nestjs/graphql';
import { IsDate, IsOptional } from 'class-validator';

@ArgsType()
export class TimeRangeArgs {
  @Field(() => Date, {
    nullable: true,
    description: 'Start of the range (inclusive); defaults to 24 h before until.',
  })
  @IsOptional()
  @IsDate()
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'End of the range (exclusive); defaults to now.' })
  @IsOptional()
  @IsDate()
  until?: Date | null;
}
