import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { argument, type CostEstimate, listCost, WORK_COST } from '../common/graphql/query-cost';
import { requestLoader } from '../common/graphql/request-loaders';
import { SortOrder } from '../common/graphql/sort-order.enum';
import { DuplicateGroupsArgs, GamesArgs, STATS_LIMITS, StreamStatsArgs } from './dto/stats.args';
import { GameStatsModel } from './models/game-stats.model';
import { StatsSource } from './models/stats-source.enum';
import { StreamStatsModel } from './models/stream-stats.model';
import { ViewerCountGroupModel } from './models/viewer-count-group.model';
import { StatsService } from './stats.service';
import { toStreamStatsModel } from './stream-stats-model.mapper';

const { listMax, duplicateGroups, games } = STATS_LIMITS;

/** MEMORY figures are computed once per snapshot and shared; DATABASE runs its SQL on every call. */
const streamStatsCost: CostEstimate = ({ args, childComplexity }) =>
  1 + (args.source === StatsSource.DATABASE ? WORK_COST.statsSql : 0) + childComplexity;

@Resolver(() => StreamStatsModel)
export class StatsResolver {
  constructor(private readonly stats: StatsService) {}

  @Query(() => StreamStatsModel, {
    description: 'Statistics over the latest complete top-streams snapshot.',
    complexity: streamStatsCost,
  })
  async streamStats(
    @Args() { source }: StreamStatsArgs,
    @Context() context: object,
  ): Promise<StreamStatsModel> {
    // MEMORY figures are shared by the service already; the SQL runs once per request, however many
    // aliases ask for it.
    const result =
      source === StatsSource.DATABASE
        ? await requestLoader(context, 'streamStatsFromDatabase', (sources: readonly StatsSource[]) =>
            Promise.all(sources.map((one) => this.stats.getStats(one))),
          ).load(source)
        : await this.stats.getStats(source);
    return toStreamStatsModel(result);
  }

  @ResolveField(() => [ViewerCountGroupModel], {
    description:
      'Groups of streams sharing a viewer count: largest groups first, then viewerCount descending.',
    complexity: listCost((args) => argument(args, 'limit', duplicateGroups.default, listMax)),
  })
  duplicateGroups(
    @Parent() stats: StreamStatsModel,
    @Args() { limit }: DuplicateGroupsArgs,
  ): ViewerCountGroupModel[] {
    return stats.allDuplicateGroups.slice(0, limit);
  }

  @ResolveField(() => [GameStatsModel], {
    description: 'Games ordered by maxViewers, ties by gameId ascending.',
    complexity: listCost((args) => argument(args, 'limit', games.default, listMax)),
  })
  games(@Parent() stats: StreamStatsModel, @Args() { limit, order }: GamesArgs): GameStatsModel[] {
    return (order === SortOrder.ASC ? stats.gamesAscending : stats.gamesDescending).slice(0, limit);
  }
}
