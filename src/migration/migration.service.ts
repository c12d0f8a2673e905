import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { BadUserInputError } from '../common/domain-error';
import { intRangeMessage, isIntInRange } from '../common/graphql/arg-validators';
import { MigrationEventsService } from './migration-events.service';
import { MIGRATION_LIMITS, TWITCH_LOGIN } from './migration-limits';
import { toMigrationModel, toViewerCountPointModel } from './migration-model.mapper';
import type { MigrationRecord, TimeRange } from './migration-record';
import { MigrationRepository } from './migration-repository.port';
import type { ChannelFlowsModel } from './models/channel-flows.model';
import type { MigrationConnectionModel } from './models/migration-connection.model';
import type { MigrationGraphModel } from './models/migration-graph.model';
import type { ViewerCountPointModel } from './models/viewer-count-point.model';

/** Optional bounds as clients send them: missing or null means the default. */
export interface RangeInput {
  since?: Date | null;
  until?: Date | null;
}

export interface GraphInput extends RangeInput {
  minCount?: number | null;
  limit?: number | null;
  channels?: readonly string[] | null;
}

export interface ListInput extends RangeInput {
  fromChannel?: string | null;
  toChannel?: string | null;
  userLogin?: string | null;
  first?: number | null;
  after?: string | null;
}

function checkInt(name: string, value: number, min: number, max?: number): number {
  if (!isIntInRange(value, min, max)) throw new BadUserInputError(intRangeMessage(name, value, min, max));
  return value;
}

/** Trimmed and lower-cased, as logins are stored; anything else is not a Twitch login. */
export function normalizeLogin(value: string, name = 'channel'): string {
  const login = value.trim().toLowerCase();
  if (!TWITCH_LOGIN.test(login)) {
    throw new BadUserInputError(`${name} must be a Twitch login (letters, digits, _; 1-25); got "${value}"`);
  }
  return login;
}

/** Validates and normalises what clients ask, then reads through the MigrationRepository port. */
@Injectable()
export class MigrationService {
  constructor(
    private readonly repository: MigrationRepository,
    private readonly clock: Clock,
    private readonly events: MigrationEventsService,
  ) {}

  /** Defaults to the last 24 hours before now; `since` alone runs to now, `until` alone covers the 24 h before it. */
  range({ since, until }: RangeInput): TimeRange {
    const end = until ?? this.clock.date();
    const start = since ?? new Date(end.getTime() - MIGRATION_LIMITS.rangeMs.default);
    if (start.getTime() >= end.getTime()) {
      throw new BadUserInputError(
        `since must be before until; got ${start.toISOString()} and ${end.toISOString()}`,
      );
    }
    if (end.getTime() - start.getTime() > MIGRATION_LIMITS.rangeMs.max) {
      throw new BadUserInputError(
        `The range from since to until spans at most ${MIGRATION_LIMITS.rangeMs.max / 86_400_000} days`,
      );
    }
    return { since: start, until: end };
  }

  async graph(input: GraphInput): Promise<MigrationGraphModel> {
    const { graphEdges, channelsFilter } = MIGRATION_LIMITS;
    const limit = checkInt('limit', input.limit ?? graphEdges.default, 1, graphEdges.max);
    const minCount = checkInt('minCount', input.minCount ?? 1, 1);
    const channels = input.channels ? this.channelList(input.channels, channelsFilter.max) : undefined;
    return this.repository.graph({ ...this.range(input), minCount, limit, channels });
  }

  async flows(channel: string, input: RangeInput & { limit?: number | null }): Promise<ChannelFlowsModel> {
    const { flowEdges } = MIGRATION_LIMITS;
    const limit = checkInt('limit', input.limit ?? flowEdges.default, 1, flowEdges.max);
    return this.repository.flows(normalizeLogin(channel), { ...this.range(input), limit });
  }

  async list(input: ListInput): Promise<MigrationConnectionModel> {
    const first = checkInt(
      'first',
      input.first ?? MIGRATION_LIMITS.pageSize.default,
      1,
      MIGRATION_LIMITS.pageSize.max,
    );
    const page = await this.repository.list(
      {
        ...this.range(input),
        fromChannel: this.optionalLogin(input.fromChannel, 'fromChannel'),
        toChannel: this.optionalLogin(input.toChannel, 'toChannel'),
        userLogin: this.optionalLogin(input.userLogin, 'userLogin'),
      },
      { first, after: input.after ?? undefined },
    );
    return {
      ...page,
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toMigrationModel(node) })),
    };
  }

  async viewerCounts(channel: string, input: RangeInput): Promise<ViewerCountPointModel[]> {
    const { since, until } = this.range(input);
    const points = await this.repository.viewerCounts(normalizeLogin(channel), since, until);
    return points.map(toViewerCountPointModel);
  }

  /** Migrations as they are stored from now on; into or out of `channel` (any case) when given. */
  async recorded(channel?: string | null): Promise<AsyncIterableIterator<MigrationRecord>> {
    return this.events.recorded(this.optionalLogin(channel, 'channel'));
  }

  private optionalLogin(value: string | null | undefined, name: string): string | undefined {
    return value == null ? undefined : normalizeLogin(value, name);
  }

  private channelList(channels: readonly string[], max: number): string[] {
    if (channels.length > max) {
      throw new BadUserInputError(`channels lists at most ${max} logins; got ${channels.length}`);
    }
    return [...new Set(channels.map((channel) => normalizeLogin(channel, 'channels')))];
  }
}
