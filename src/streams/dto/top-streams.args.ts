import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { IsIntInRange, NullMeansDefault } from '../../common/graphql/arg-validators';
import { SortOrder } from '../../common/graphql/sort-order.enum';

/** The most `topStreams` answers with. */
export const TOP_STREAMS_MAX = 100;

@ArgsType()
export class TopStreamsArgs {
  @Field(() => SortOrder, { nullable: true, defaultValue: SortOrder.DESC })
  @NullMeansDefault(SortOrder.DESC)
  @IsEnum(SortOrder)
  order: SortOrder = SortOrder.DESC;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 100,
    description: `How many of the most watched streams (1..${TOP_STREAMS_MAX}).`,
  })
  @NullMeansDefault(100)
  @IsIntInRange(1, TOP_STREAMS_MAX)
  limit = 100;
}
