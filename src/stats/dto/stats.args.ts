import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { IsIntInRange, NullMeansDefault } from '../../common/graphql/arg-validators';
import { SortOrder } from '../../common/graphql/sort-order.enum';
import { StatsSource } from '../models/stats-source.enum';

/** Bounds of the lists inside `streamStats`, for the args below and the cost estimates. */
export const STATS_LIMITS = {
  listMax: 1000,
  duplicateGroups: { default: 50 },
  games: { default: 100 },
} as const;

const { listMax, duplicateGroups, games } = STATS_LIMITS;

@ArgsType()
export class StreamStatsArgs {
  @Field(() => StatsSource, { nullable: true, defaultValue: StatsSource.MEMORY })
  @NullMeansDefault(StatsSource.MEMORY)
  @IsEnum(StatsSource)
  source: StatsSource = StatsSource.MEMORY;
}

@ArgsType()
export class DuplicateGroupsArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: duplicateGroups.default,
    description: `How many groups (1..${listMax}).`,
  })
  @NullMeansDefault(duplicateGroups.default)
  @IsIntInRange(1, listMax)
  limit: number = duplicateGroups.default;
}

@ArgsType()
export class GamesArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: games.default,
    description: `How many games (1..${listMax}).`,
  })
  @NullMeansDefault(games.default)
  @IsIntInRange(1, listMax)
  limit: number = games.default;

  @Field(() => SortOrder, { nullable: true, defaultValue: SortOrder.DESC })
  @NullMeansDefault(SortOrder.DESC)
  @IsEnum(SortOrder)
  order: SortOrder = SortOrder.DESC;
}
