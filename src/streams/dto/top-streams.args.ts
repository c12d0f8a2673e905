import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, Max, Min } from 'class-validator';
import { SortOrder } from '../../common/graphql/sort-order.enum';

@ArgsType()
export class TopStreamsArgs {
  @Field(() => SortOrder, { nullable: true, defaultValue: SortOrder.DESC })
  @IsEnum(SortOrder)
  order: SortOrder = SortOrder.DESC;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 100,
    description: 'How many of the most watched streams (1..100).',
  })
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 100;
}
