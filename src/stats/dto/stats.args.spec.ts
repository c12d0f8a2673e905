import { describe, expect, it } from '@jest/globals';
import type { Type } from '@nestjs/common';
import { ArgumentsPipe } from '../../common/graphql/arguments-pipe';
import { SortOrder } from '../../common/graphql/sort-order.enum';
import { StatsSource } from '../models/stats-source.enum';
import { DuplicateGroupsArgs, GamesArgs, StreamStatsArgs } from './stats.args';

// The application's pipe, as it runs before every resolver.
const pipe = new ArgumentsPipe();
const checked = async (metatype: Type, value: object) => pipe.transform(value, { type: 'body', metatype });

describe('streamStats arguments', () => {
  it('read an explicit null as the default', async () => {
    await expect(checked(StreamStatsArgs, { source: null })).resolves.toEqual({ source: StatsSource.MEMORY });
    await expect(checked(DuplicateGroupsArgs, { limit: null })).resolves.toEqual({ limit: 50 });
    await expect(checked(GamesArgs, { limit: null, order: null })).resolves.toEqual({
      limit: 100,
      order: SortOrder.DESC,
    });
  });

  it('accept limits from 1 to 1000', async () => {
    await expect(checked(DuplicateGroupsArgs, { limit: 1 })).resolves.toEqual({ limit: 1 });
    await expect(checked(GamesArgs, { limit: 1000, order: SortOrder.ASC })).resolves.toEqual({
      limit: 1000,
      order: SortOrder.ASC,
    });
  });

  // duplicateGroups answered "limit must be from 1 to 1000; got 100000" in its own words (issue 10).
  it.each([0, -1, 1001, 2.5, 100_000])(
    'refuse a limit of %p in the words of every other limit',
    async (limit) => {
      const message = { response: { message: [`limit must be an integer from 1 to 1000; got ${limit}`] } };
      await expect(checked(DuplicateGroupsArgs, { limit })).rejects.toMatchObject(message);
      await expect(checked(GamesArgs, { limit, order: SortOrder.DESC })).rejects.toMatchObject(message);
    },
  );
});
