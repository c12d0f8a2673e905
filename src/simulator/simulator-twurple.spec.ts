import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApiClient, HelixStream } from '@twurple/api';
import { AppTokenAuthProvider } from '@twurple/auth';
import { ManualClock } from '../common/clock';
import { TwitchSimulator } from './simulator-server';

/** The product's real client stack against the simulator: proof that @twurple cannot tell it from Twitch. */
describe('TwitchSimulator with @twurple/api', () => {
  const clock = new ManualClock();
  const sim = new TwitchSimulator({ seed: 12, clock, appTokenTtlSeconds: 3600 });
  let api: ApiClient;

  beforeAll(async () => {
    // @twurple reads this at every call; tests may touch process.env.
    process.env.TWURPLE_MOCK_API_PORT = String(await sim.listen());
  });
  beforeEach(() => {
    sim.clearFaults();
    sim.setPageOverlap({ probability: 0 });
    api = new ApiClient({
      authProvider: new AppTokenAuthProvider('embedded-client-id', 'embedded-client-secret'),
      logger: { minLevel: 'critical' },
    });
  });
  afterAll(async () => {
    delete process.env.TWURPLE_MOCK_API_PORT;
    await sim.close();
  });

  async function topStreams(pages: number): Promise<HelixStream[]> {
    const streams: HelixStream[] = [];
    let after: string | undefined;
    for (let page = 0; page < pages; page++) {
      const result = await api.streams.getStreams({ limit: 100, after });
      streams.push(...result.data);
      after = result.cursor;
      if (!after) break;
    }
    return streams;
  }

  it('fetches the top 1000 streams in 10 pages, equal to the truth, well under 2 s', async () => {
    const started = performance.now();
    const streams = await topStreams(10);
    expect(performance.now() - started).toBeLessThan(2000);
    const truth = sim.liveStreams().slice(0, 1000);
    // In @twurple, `userName` is the login and `userDisplayName` the display name.
    expect(
      streams.map((stream) => [stream.id, stream.userName, stream.userDisplayName, stream.viewers]),
    ).toEqual(truth.map((stream) => [stream.id, stream.userLogin, stream.userName, stream.viewerCount]));
    expect(streams[0].startDate.toISOString()).toBe(truth[0].startedAt);
    expect(streams[0].thumbnailUrl).toContain(truth[0].userLogin);
  });

  it('shows overlapping pages that a client must de-duplicate', async () => {
    sim.setPageOverlap({ probability: 1, maxEntries: 2 });
    const streams = await topStreams(10);
    const unique = [...new Map(streams.map((stream) => [stream.id, stream])).values()];
    expect(unique.length).toBeLessThan(streams.length);
    expect(unique.map((stream) => stream.id)).toEqual(
      sim
        .liveStreams()
        .slice(0, unique.length)
        .map((stream) => stream.id),
    );
  });

  it('looks up users by name and games by id', async () => {
    const [a, b] = [sim.world.channels[0], sim.world.channels[1]];
    const users = await api.users.getUsersByNames([a.login, b.login, 'nobody_here']);
    expect(users.map((user) => user.name).sort()).toEqual([a.login, b.login].sort());
    expect(users.find((user) => user.id === a.id)?.displayName).toBe(a.displayName);

    const games = await api.games.getGamesByIds(['509658', sim.world.games[5].id]);
    expect(games.map((game) => game.name).sort()).toEqual(['Just Chatting', sim.world.games[5].name].sort());
    expect((await api.games.getGameByName('just chatting'))?.id).toBe('509658');
  });

  it('waits out a scripted 429 on page 3 and retries transparently', async () => {
    const before = sim.stats.tooManyRequests;
    sim.failNext({ count: 1, status: 429, pathPrefix: '/streams', skip: 2 });
    const started = performance.now();
    const streams = await topStreams(10);
    expect(streams).toHaveLength(1000);
    expect(new Set(streams.map((stream) => stream.id)).size).toBe(1000);
    expect(sim.stats.tooManyRequests).toBe(before + 1);
    // Ratelimit-Reset is a whole second 1–2 s ahead, and @twurple waits for it.
    expect(performance.now() - started).toBeGreaterThan(500);
  });

  it('retries a scripted 500 transparently', async () => {
    const before = sim.stats.serverErrors;
    sim.failNext({ count: 1, status: 500, pathPrefix: '/streams' });
    const { data } = await api.streams.getStreams({ limit: 5 });
    expect(data.map((stream) => stream.id)).toEqual(
      sim
        .liveStreams()
        .slice(0, 5)
        .map((stream) => stream.id),
    );
    expect(sim.stats.serverErrors).toBe(before + 1);
  });

  it('gets a new app token when the simulator says the old one expired', async () => {
    await api.streams.getStreams({ limit: 1 });
    const issued = sim.stats.tokensIssued;
    clock.advance(3601_000);
    const { data } = await api.streams.getStreams({ limit: 1 });
    expect(data[0].id).toBe(sim.liveStreams()[0].id);
    expect(sim.stats.tokensIssued).toBe(issued + 1);
  });
});
