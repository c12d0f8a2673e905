import { beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import { BadUserInputError } from '../common/domain-error';
import type { ConnectionShape } from '../common/graphql/connection';
import type {
  ChannelFlowsResult,
  MigrationGraphResult,
  MigrationRecord,
  ViewerCountRecord,
} from './migration-record';
import {
  type ChannelFlowsQuery,
  type MigrationGraphQuery,
  type MigrationListFilter,
  MigrationRepository,
  type PageRequest,
} from './migration-repository.port';
import { MigrationEventsService } from './migration-events.service';
import { MigrationService } from './migration.service';
import { PresenceSource } from './presence-source';

const NOW = Date.parse('2026-05-10T12:00:00Z');
const HOUR = 3_600_000;

/** Records what the service asks for and answers with fixed data. */
class FakeRepository extends MigrationRepository {
  readonly calls: unknown[][] = [];
  readonly store = 'SQL' as const;

  async ping(): Promise<void> {}

  async saveBatch(): Promise<MigrationRecord[]> {
    return [];
  }
  async saveViewerCounts(): Promise<void> {}

  async graph(query: MigrationGraphQuery): Promise<MigrationGraphResult> {
    this.calls.push(['graph', query]);
    return { since: query.since, until: query.until, totalMigrations: 0, nodes: [], edges: [] };
  }

  async flows(channel: string, query: ChannelFlowsQuery): Promise<ChannelFlowsResult> {
    this.calls.push(['flows', channel, query]);
    return { channel, incoming: [], outgoing: [] };
  }

  async list(filter: MigrationListFilter, page: PageRequest): Promise<ConnectionShape<MigrationRecord>> {
    this.calls.push(['list', filter, page]);
    const node: MigrationRecord = {
      id: '1',
      userLogin: 'u',
      fromChannel: 'a',
      toChannel: 'b',
      leftAt: new Date(NOW - 60_000),
      joinedAt: new Date(NOW - 30_000),
      viaRaid: false,
      source: 'MEMBERSHIP',
    };
    return {
      edges: [{ cursor: 'c1', node }],
      pageInfo: { hasNextPage: false, endCursor: 'c1' },
      totalCount: 1,
    };
  }

  async viewerCounts(channel: string, since: Date, until: Date): Promise<ViewerCountRecord[]> {
    this.calls.push(['viewerCounts', channel, since, until]);
    return [{ channel, at: since, viewers: 5, chatters: null }];
  }

  async purgeOlderThan(): Promise<number> {
    return 0;
  }
}

describe('MigrationService', () => {
  let repository: FakeRepository;
  let service: MigrationService;

  beforeEach(() => {
    repository = new FakeRepository();
    service = new MigrationService(
      repository,
      new ManualClock(NOW),
      new MigrationEventsService({ subscriptionQueue: 100 }),
    );
  });

  describe('range', () => {
    it('defaults to the 24 hours before now', () => {
      expect(service.range({})).toEqual({ since: new Date(NOW - 24 * HOUR), until: new Date(NOW) });
      expect(service.range({ since: null, until: null })).toEqual(service.range({}));
    });

    it('covers the 24 hours before a given until, and from a given since to now', () => {
      const until = new Date(NOW - 48 * HOUR);
      expect(service.range({ until })).toEqual({ since: new Date(until.getTime() - 24 * HOUR), until });
      const since = new Date(NOW - 2 * HOUR);
      expect(service.range({ since })).toEqual({ since, until: new Date(NOW) });
    });

    it.each([
      ['since = until', { since: new Date(NOW - HOUR), until: new Date(NOW - HOUR) }],
      ['since > until', { since: new Date(NOW), until: new Date(NOW - HOUR) }],
      ['since in the future without until', { since: new Date(NOW + HOUR) }],
      ['more than 31 days', { since: new Date(NOW - 32 * 24 * HOUR), until: new Date(NOW) }],
    ])('rejects %s', (_, input) => {
      expect(() => service.range(input)).toThrow(BadUserInputError);
    });

    it('accepts exactly 31 days', () => {
      expect(() => service.range({ since: new Date(NOW - 31 * 24 * HOUR) })).not.toThrow();
    });
  });

  describe('graph', () => {
    it('resolves the range and asks for each channel once', async () => {
      await service.graph({ minCount: 1, limit: 200, channels: ['foo', 'bar', 'foo'] });
      expect(repository.calls).toEqual([
        [
          'graph',
          {
            since: new Date(NOW - 24 * HOUR),
            until: new Date(NOW),
            minCount: 1,
            limit: 200,
            channels: ['foo', 'bar'],
          },
        ],
      ]);
    });

    it('keeps an empty channel list (no edges) apart from no filter', async () => {
      await service.graph({ minCount: 1, limit: 200, channels: [] });
      await service.graph({ minCount: 1, limit: 200, channels: null });
      expect(repository.calls.map((call) => (call[1] as MigrationGraphQuery).channels)).toEqual([
        [],
        undefined,
      ]);
    });
  });

  describe('flows', () => {
    it('reads the channel over the resolved range', async () => {
      await expect(service.flows('shroud', { limit: 20 })).resolves.toMatchObject({ channel: 'shroud' });
      expect(repository.calls[0]).toEqual([
        'flows',
        'shroud',
        { since: new Date(NOW - 24 * HOUR), until: new Date(NOW), limit: 20 },
      ]);
    });
  });

  describe('list', () => {
    it('passes the login filters and the page, and maps records to models', async () => {
      const page = await service.list({
        fromChannel: 'a',
        toChannel: 'b',
        userLogin: 'user_1',
        first: 50,
        after: 'c0',
      });
      expect(repository.calls[0]).toEqual([
        'list',
        {
          since: new Date(NOW - 24 * HOUR),
          until: new Date(NOW),
          fromChannel: 'a',
          toChannel: 'b',
          userLogin: 'user_1',
        },
        { first: 50, after: 'c0' },
      ]);
      expect(page.edges[0].node.source).toBe(PresenceSource.MEMBERSHIP);
      expect(page.totalCount).toBe(1);
    });

    it('leaves absent filters out', async () => {
      await service.list({ fromChannel: null, first: 100, after: null });
      expect(repository.calls[0][1]).not.toHaveProperty('fromChannel', expect.anything());
      expect(repository.calls[0][2]).toEqual({ first: 100, after: undefined });
    });
  });

  describe('viewerCounts', () => {
    it('returns points without the channel', async () => {
      const points = await service.viewerCounts('xqc', {});
      expect(repository.calls[0]).toEqual(['viewerCounts', 'xqc', new Date(NOW - 24 * HOUR), new Date(NOW)]);
      expect(points).toEqual([{ at: new Date(NOW - 24 * HOUR), viewers: 5, chatters: null }]);
    });
  });
});
