import { describe, expect, it, jest } from '@jest/globals';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import {
  astFromValue,
  type GraphQLField,
  type GraphQLSchema,
  isEnumType,
  isObjectType,
  print,
} from 'graphql';
import { SortOrder } from '../common/graphql/sort-order.enum';
import { resolveInfoOf } from '../../test/stats/resolve-info.factory';
import { streamRecord } from '../../test/stats/stream-record.factory';
import { StatsSource } from './models/stats-source.enum';
import { StatsResolver } from './stats.resolver';
import type { StatsService, StreamStatsResult } from './stats.service';
import { computeStreamStatistics, gamesInAscendingOrder, WHOLE_STATISTICS } from './stream-statistics';
import { toStreamStatsModel } from './stream-stats-model.mapper';

/** One line per field, `name(arg: Type = default): Type`, descriptions left out. */
function signatures(schema: GraphQLSchema, typeName: string): string[] {
  const type = schema.getType(typeName);
  if (isEnumType(type)) return type.getValues().map((value) => value.name);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  return Object.values(type.getFields()).map((field: GraphQLField<unknown, unknown>) => {
    const args = field.args.map((arg) => {
      const defaultValue =
        arg.defaultValue === undefined ? '' : ` = ${print(astFromValue(arg.defaultValue, arg.type)!)}`;
      return `${arg.name}: ${String(arg.type)}${defaultValue}`;
    });
    return `${field.name}${args.length ? `(${args.join(', ')})` : ''}: ${String(field.type)}`;
  });
}

const streams = [
  streamRecord('1', 50, { gameId: 'b', gameName: 'Bingo' }),
  streamRecord('2', 50, { gameId: 'a', gameName: 'Alpha' }),
  streamRecord('3', 9, { gameId: 'c', gameName: 'Chess' }),
  streamRecord('4', 9, { gameId: 'c', gameName: 'Chess' }),
  streamRecord('5', 9, { gameId: null, gameName: null }),
  streamRecord('6', 70, { gameId: 'd', gameName: 'Darts' }),
];
const statistics = computeStreamStatistics(streams);
const result: StreamStatsResult = {
  source: StatsSource.MEMORY,
  snapshot: { id: 12, takenAt: new Date('2026-01-01T00:00:00.000Z'), streamCount: streams.length },
  statistics,
  gamesAscending: gamesInAscendingOrder(statistics.games),
};

describe('StatsResolver', () => {
  const stats = {
    getStats: jest.fn(async (source: StatsSource, _selection?: unknown) => ({ ...result, source })),
  };
  const everything = resolveInfoOf(
    '{ streamStats { totalStreams duplicateGroups { viewerCount } games { gameId } } }',
  );
  const resolver = new StatsResolver(stats as unknown as StatsService);

  it('declares the schema of the API contract', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [GraphQLSchemaBuilderModule] }).compile();
    const schema = await moduleRef.get(GraphQLSchemaFactory).create([StatsResolver]);
    expect(signatures(schema, 'Query')).toStrictEqual([
      'streamStats(source: StatsSource = MEMORY): StreamStats!',
    ]);
    expect(signatures(schema, 'StreamStats')).toStrictEqual([
      'source: StatsSource!',
      'snapshot: StreamSnapshot!',
      'totalStreams: Int!',
      'medianViewers: Float!',
      'oddViewerStreams: Int!',
      'evenViewerStreams: Int!',
      'duplicateViewerStreams: Int!',
      'duplicateGroups(limit: Int = 50): [ViewerCountGroup!]!',
      'games(limit: Int = 100, order: SortOrder = DESC): [GameStats!]!',
    ]);
    expect(signatures(schema, 'GameStats')).toStrictEqual([
      'gameId: ID!',
      'gameName: String',
      'streamCount: Int!',
      'maxViewers: Int!',
      'totalViewers: Int!',
    ]);
    expect(signatures(schema, 'ViewerCountGroup')).toStrictEqual([
      'viewerCount: Int!',
      'streams: [Stream!]!',
    ]);
    expect(signatures(schema, 'StatsSource')).toStrictEqual(['MEMORY', 'DATABASE']);
    expect(signatures(schema, 'SortOrder')).toStrictEqual(['ASC', 'DESC']);
  });

  it('maps the service result for the requested source', async () => {
    const model = await resolver.streamStats({ source: StatsSource.DATABASE }, {}, everything);
    expect(stats.getStats).toHaveBeenCalledWith(StatsSource.DATABASE, WHOLE_STATISTICS);
    expect(model).toMatchObject({
      source: StatsSource.DATABASE,
      snapshot: { id: '12', streamCount: 6 },
      totalStreams: 6,
      medianViewers: 29.5,
      oddViewerStreams: 3,
      evenViewerStreams: 3,
      duplicateViewerStreams: 5,
    });
  });

  it('slices the duplicate groups, largest first', () => {
    const model = toStreamStatsModel(result);
    const groups = resolver.duplicateGroups(model, { limit: 1 });
    expect(groups.map((group) => [group.viewerCount, group.streams.map((s) => s.id)])).toStrictEqual([
      [9, ['3', '4', '5']],
    ]);
    expect(resolver.duplicateGroups(model, { limit: 50 })).toHaveLength(2);
  });

  it('slices the games in either order, ties by game id ascending', () => {
    const model = toStreamStatsModel(result);
    const gameIds = (order: SortOrder, limit: number) =>
      resolver.games(model, { limit, order }).map((g) => g.gameId);
    expect(gameIds(SortOrder.DESC, 100)).toStrictEqual(['d', 'a', 'b', 'c']);
    expect(gameIds(SortOrder.ASC, 100)).toStrictEqual(['c', 'a', 'b', 'd']);
    expect(gameIds(SortOrder.ASC, 2)).toStrictEqual(['c', 'a']);
  });

  it('computes DATABASE figures once per request, for the parts any alias selects', async () => {
    stats.getStats.mockClear();
    const request = {};
    const aliases = await Promise.all(
      [
        '{ streamStats { totalStreams } }',
        '{ streamStats { games { gameId } } }',
        '{ streamStats { source } }',
      ].map((query) => resolver.streamStats({ source: StatsSource.DATABASE }, request, resolveInfoOf(query))),
    );
    expect(aliases.map((model) => model.source)).toStrictEqual(Array(3).fill(StatsSource.DATABASE));
    expect(stats.getStats.mock.calls).toStrictEqual([
      [StatsSource.DATABASE, { summary: true, duplicateGroups: false, games: true }],
    ]);
    await resolver.streamStats({ source: StatsSource.DATABASE }, {}, everything);
    expect(stats.getStats).toHaveBeenCalledTimes(2);
  });

  it('refuses to answer a part the selection left out rather than answer it empty', () => {
    const model = toStreamStatsModel({
      ...result,
      statistics: { totalStreams: 6 },
      gamesAscending: undefined,
    });
    expect(() => resolver.games(model, { limit: 5, order: SortOrder.DESC })).toThrow(
      'without being selected',
    );
    expect(() => resolver.duplicateGroups(model, { limit: 5 })).toThrow('without being selected');
  });
});
