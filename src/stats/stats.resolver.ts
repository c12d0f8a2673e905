import { Args, Context, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { argument, type CostEstimate, listCost, WORK_COST } from '../common/graphql/query-cost';
import { requestLoader } from '../common/graphql/request-loaders';
import { SortOrder } from '../common/graphql/sort-order.enum';
import { DuplicateGroupsArgs, GamesArgs, STATS_LIMITS, StreamStatsArgs } from './dto/stats.args';
import { GameStatsModel } from './models/game-stats.model';
import { StatsSource } from './models/stats-source.enum';
import { StreamStatsModel } from './models/stream-stats.model';
import { ViewerCountGroupModel } from './models/viewer-count-group.model';
import { selectedStatistics } from './stats-selection';
import { StatsService } from './stats.service';
import { type StatisticsSelection, unionOfSelections } from './stream-statistics';
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
    @Info() info: GraphQLResolveInfo,
  ): Promise<StreamStatsModel> {
    if (source === StatsSource.MEMORY) return toStreamStatsModel(await this.stats.getStats(source));
    // MEMORY figures are shared by the service already. DATABASE runs its SQL once per request for the
    // parts any of its streamStats fields (aliases) selects.
    const result = await requestLoader(
      context,
      'streamStatsFromDatabase',
      async (selections: readonly StatisticsSelection[]) => {
        const answer = await this.stats.getStats(source, unionOfSelections(selections));
        return selections.map(() => answer);
      },
    ).load(selectedStatistics(info));
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
    return selected(stats.allDuplicateGroups, 'duplicateGroups').slice(0, limit);
  }

  @ResolveField(() => [GameStatsModel], {
    description: 'Games ordered by maxViewers, ties by gameId ascending.',
    complexity: listCost((args) => argument(args, 'limit', games.default, listMax)),
  })
  games(@Parent() stats: StreamStatsModel, @Args() { limit, order }: GamesArgs): GameStatsModel[] {
    const ordered = order === SortOrder.ASC ? stats.gamesAscending : stats.gamesDescending;
    return selected(ordered, 'games').slice(0, limit);
  }
}

/** A part the selection left out is a fault in reading the selection, never an empty answer. */
function selected<T>(part: T | undefined, field: string): T {
  if (part === undefined) throw new Error(`StreamStats.${field} was resolved without being selected`);
  return part;
}
