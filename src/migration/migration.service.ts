import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { BadUserInputError } from '../common/domain-error';
import { MigrationEventsService } from './migration-events.service';
import { MIGRATION_LIMITS } from './migration-limits';
import { toMigrationModel, toViewerCountPointModel } from './migration-model.mapper';
import type { MigrationRecord, TimeRange } from './migration-record';
import { MigrationRepository } from './migration-repository.port';
import type { ChannelFlowsModel } from './models/channel-flows.model';
import type { MigrationConnectionModel } from './models/migration-connection.model';
import type { MigrationGraphModel } from './models/migration-graph.model';
import type { ViewerCountPointModel } from './models/viewer-count-point.model';

/*
 * What the service is given is checked already (the args classes in dto/): integers within their bounds,
 * logins normalised, dates within range. Missing or null bounds of a range mean its default.
 */

export interface RangeInput {
  since?: Date | null;
  until?: Date | null;
}

export interface GraphInput extends RangeInput {
  minCount: number;
  limit: number;
  channels?: readonly string[] | null;
}

export interface ListInput extends RangeInput {
  fromChannel?: string | null;
  toChannel?: string | null;
  userLogin?: string | null;
  first: number;
  after?: string | null;
}

/** Resolves the range of what clients ask, then reads through the MigrationRepository port. */
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

  async graph({ minCount, limit, channels, ...range }: GraphInput): Promise<MigrationGraphModel> {
    return this.repository.graph({
      ...this.range(range),
      minCount,
      limit,
      channels: channels ? [...new Set(channels)] : undefined,
    });
  }

  async flows(
    channel: string,
    { limit, ...range }: RangeInput & { limit: number },
  ): Promise<ChannelFlowsModel> {
    return this.repository.flows(channel, { ...this.range(range), limit });
  }

  async list(input: ListInput): Promise<MigrationConnectionModel> {
    const page = await this.repository.list(
      {
        ...this.range(input),
        fromChannel: input.fromChannel ?? undefined,
        toChannel: input.toChannel ?? undefined,
        userLogin: input.userLogin ?? undefined,
      },
      { first: input.first, after: input.after ?? undefined },
    );
    return {
      ...page,
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toMigrationModel(node) })),
    };
  }

  async viewerCounts(channel: string, input: RangeInput): Promise<ViewerCountPointModel[]> {
    const { since, until } = this.range(input);
    const points = await this.repository.viewerCounts(channel, since, until);
    return points.map(toViewerCountPointModel);
  }

  /** Migrations as they are stored from now on; into or out of `channel` when given. */
  async recorded(channel?: string | null): Promise<AsyncIterableIterator<MigrationRecord>> {
    return this.events.recorded(channel ?? undefined);
  }
}
