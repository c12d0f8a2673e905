import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BadUserInputError } from '../common/domain-error';
import { intRangeMessage, isIntInRange } from '../common/graphql/arg-validators';
import { argument, type CostEstimate, listCost, WORK_COST } from '../common/graphql/query-cost';
import { requestLoader } from '../common/graphql/request-loaders';
import { SortOrder } from '../common/graphql/sort-order.enum';
import { GameStatsModel } from './models/game-stats.model';
import { StatsSource } from './models/stats-source.enum';
import { StreamStatsModel } from './models/stream-stats.model';
import { ViewerCountGroupModel } from './models/viewer-count-group.model';
import { StatsService } from './stats.service';
import { toStreamStatsModel } from './stream-stats-model.mapper';

const MAX_STATS_LIST_LIMIT = 1000;
const DEFAULT_GROUPS_LIMIT = 50;
const DEFAULT_GAMES_LIMIT = 100;

/** MEMORY figures are computed once per snapshot and shared; DATABASE runs its SQL on every call. */
const streamStatsCost: CostEstimate = ({ args, childComplexity }) =>
  1 + (args.source === StatsSource.DATABASE ? WORK_COST.statsSql : 0) + childComplexity;

/** An explicit null means the default, as if the argument were left out. */
function checkLimit(limit: number | null, defaultLimit: number): number {
  const value = limit ?? defaultLimit;
  if (!isIntInRange(value, 1, MAX_STATS_LIST_LIMIT)) {
    throw new BadUserInputError(intRangeMessage('limit', value, 1, MAX_STATS_LIST_LIMIT));
  }
  return value;
}

/**
 * Arguments are scalars and enums checked here rather than ArgsType classes: GraphQL already rejects
 * values outside an enum, and skipping the class-validator pass keeps a cached MEMORY request nearly as
 * cheap as an empty query.
 */
@Resolver(() => StreamStatsModel)
export class StatsResolver {
  constructor(private readonly stats: StatsService) {}

  @Query(() => StreamStatsModel, {
    description: 'Statistics over the latest complete top-streams snapshot.',
    complexity: streamStatsCost,
  })
  async streamStats(
    @Args('source', { type: () => StatsSource, nullable: true, defaultValue: StatsSource.MEMORY })
    source: StatsSource | null,
    @Context() context: object,
  ): Promise<StreamStatsModel> {
    const wanted = source ?? StatsSource.MEMORY;
    // MEMORY figures are shared by the service already; the SQL runs once per request, however many
    // aliases ask for it.
    const result =
      wanted === StatsSource.DATABASE
        ? await requestLoader(context, 'streamStatsFromDatabase', (sources: readonly StatsSource[]) =>
            Promise.all(sources.map((one) => this.stats.getStats(one))),
          ).load(wanted)
        : await this.stats.getStats(wanted);
    return toStreamStatsModel(result);
  }

  @ResolveField(() => [ViewerCountGroupModel], {
    description:
      'Groups of streams sharing a viewer count: largest groups first, then viewerCount descending.',
    complexity: listCost((args) => argument(args, 'limit', DEFAULT_GROUPS_LIMIT, MAX_STATS_LIST_LIMIT)),
  })
  duplicateGroups(
    @Parent() stats: StreamStatsModel,
    @Args('limit', {
      type: () => Int,
      nullable: true,
      defaultValue: DEFAULT_GROUPS_LIMIT,
      description: `How many groups (1..${MAX_STATS_LIST_LIMIT}).`,
    })
    limit: number | null,
  ): ViewerCountGroupModel[] {
    return stats.allDuplicateGroups.slice(0, checkLimit(limit, DEFAULT_GROUPS_LIMIT));
  }

  @ResolveField(() => [GameStatsModel], {
    description: 'Games ordered by maxViewers, ties by gameId ascending.',
    complexity: listCost((args) => argument(args, 'limit', DEFAULT_GAMES_LIMIT, MAX_STATS_LIST_LIMIT)),
  })
  games(
    @Parent() stats: StreamStatsModel,
    @Args('limit', {
      type: () => Int,
      nullable: true,
      defaultValue: DEFAULT_GAMES_LIMIT,
      description: `How many games (1..${MAX_STATS_LIST_LIMIT}).`,
    })
    limit: number | null,
    @Args('order', { type: () => SortOrder, nullable: true, defaultValue: SortOrder.DESC })
    order: SortOrder | null,
  ): GameStatsModel[] {
    const games = order === SortOrder.ASC ? stats.gamesAscending : stats.gamesDescending;
    return games.slice(0, checkLimit(limit, DEFAULT_GAMES_LIMIT));
  }
}
