import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MigrationRepository } from '../../src/migration/migration-repository.port';
import { StreamsService } from '../../src/streams/streams.service';
import { type AppHarness, refreshTopStreams, startApp } from '../support/app-harness';

interface Node {
  channel: string;
  stream: { userLogin: string; viewerCount: number; gameName: string | null } | null;
}

/** Graph nodes carry their live stream, read for all nodes of a request in one batched lookup. */
describe('migrationGraph nodes with their streams (e2e)', () => {
  let harness: AppHarness;
  let top: { userLogin: string; viewerCount: number; gameName: string | null }[];

  beforeAll(async () => {
    harness = await startApp();
    await refreshTopStreams(harness);
    const streams = await harness.graphql<{ topStreams: typeof top }>(
      '{ topStreams(limit: 3) { userLogin viewerCount gameName } }',
    );
    top = streams.data!.topStreams;
    const [a, b, c] = top.map((stream) => stream.userLogin.toLowerCase());
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    await harness.app.get(MigrationRepository).saveBatch(
      [
        [a, b],
        [b, c],
        [c, 'notliveanywhere'],
      ].map(([from, to], i) => ({
        userLogin: `viewer${i}`,
        fromChannel: from,
        toChannel: to,
        leftAt: at(10 + i),
        joinedAt: at(9 + i),
        viaRaid: false,
        source: 'CHATTERS' as const,
      })),
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('answers every node with its stream in the latest snapshot, null when not live', async () => {
    const lookups = jest.spyOn(harness.app.get(StreamsService), 'liveByLogins');
    const result = await harness.graphql<{ migrationGraph: { nodes: Node[] } }>(
      '{ migrationGraph { nodes { channel stream { userLogin viewerCount gameName } } } }',
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.migrationGraph.nodes;
    expect(nodes).toHaveLength(4);
    for (const node of nodes) {
      const live = top.find((stream) => stream.userLogin.toLowerCase() === node.channel);
      expect(node.stream).toEqual(live ?? null);
    }
    expect(lookups).toHaveBeenCalledTimes(1);
    lookups.mockRestore();
  });
});
