import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import { mixSeed, SeededRandom } from './seeded-random';
import { SimulatorWorld } from './simulator-world';
import { LiveStream } from './world-model';

const MINUTE = 60_000;

function fingerprint(streams: readonly LiveStream[]): string {
  return streams
    .map((stream) => `${stream.id}:${stream.userLogin}:${stream.viewerCount}:${stream.gameId}`)
    .join('|');
}

function expectSorted(streams: readonly LiveStream[]): void {
  for (let i = 1; i < streams.length; i++) {
    const [previous, current] = [streams[i - 1], streams[i]];
    expect(previous.viewerCount).toBeGreaterThanOrEqual(current.viewerCount);
    if (previous.viewerCount === current.viewerCount) {
      expect(Number(previous.userId)).toBeLessThan(Number(current.userId));
    }
    expect(current.rank).toBe(i);
  }
}

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(new Set(draw(7)).size).toBe(5);
    expect(mixSeed(1, 1)).not.toBe(mixSeed(1, 2));
  });

  it('draws normal values with mean ~0 and deviation ~1', () => {
    const random = new SeededRandom(3);
    const values = Array.from({ length: 20_000 }, () => random.quickGaussian());
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const deviation = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(deviation - 1)).toBeLessThan(0.05);
  });
});

describe('SimulatorWorld', () => {
  it('builds the same world from the same seed, and another one from another seed', () => {
    const a = new SimulatorWorld(new ManualClock(), { seed: 42 });
    const b = new SimulatorWorld(new ManualClock(), { seed: 42 });
    const c = new SimulatorWorld(new ManualClock(), { seed: 43 });
    expect(fingerprint(a.liveStreams())).toBe(fingerprint(b.liveStreams()));
    expect(a.channels.map((channel) => channel.login)).toEqual(b.channels.map((channel) => channel.login));
    expect(fingerprint(a.liveStreams())).not.toBe(fingerprint(c.liveStreams()));
  });

  it('has a realistic population: Zipf head, long tail with ties, numeric ids, unnamed games', () => {
    const world = new SimulatorWorld(new ManualClock(), { seed: 1 });
    const streams = world.liveStreams();
    expect(world.channels).toHaveLength(3000);
    // Half the channels live on average: enough for a top 1000.
    expect(streams.length).toBeGreaterThan(1300);
    expect(streams.length).toBeLessThan(1700);
    expect(streams[0].viewerCount).toBeGreaterThan(10_000);
    expect(streams[0].viewerCount).toBeLessThanOrEqual(250_000);
    expect(streams[streams.length - 1].viewerCount).toBeLessThanOrEqual(5);
    const tail = streams.filter((stream) => stream.viewerCount <= 5);
    expect(tail.length).toBeGreaterThan(200);
    expect(new Set(streams.map((stream) => stream.viewerCount)).size).toBeLessThan(streams.length / 2);
    expectSorted(streams);

    for (const stream of streams.slice(0, 50)) {
      expect(stream.id).toMatch(/^\d{11}$/);
      expect(stream.userId).toMatch(/^\d+$/);
      expect(stream.gameId).toMatch(/^\d+$/);
      expect(stream.userLogin).toMatch(/^[a-z0-9_]{4,25}$/);
      expect(Number.isNaN(Date.parse(stream.startedAt))).toBe(false);
    }
    expect(new Set(streams.map((stream) => stream.id)).size).toBe(streams.length);
    expect(world.games.length).toBe(200);
    expect(world.games.filter((game) => game.name === '').length).toBeGreaterThanOrEqual(1);
    expect(world.games[0].name).toBe('Just Chatting');
    expect(new Set(world.channels.map((channel) => channel.language)).size).toBeGreaterThan(8);
  });

  it('moves with the clock: streams start and end, viewer counts change', () => {
    const clock = new ManualClock();
    const world = new SimulatorWorld(clock, { seed: 5 });
    const before = world.liveStreams();
    const beforeById = new Map(before.map((stream) => [stream.id, stream]));

    clock.advance(30 * MINUTE);
    const after = world.liveStreams();
    expect(world.time).toBe(world.origin + 30 * MINUTE);
    const { streamsStarted, streamsEnded } = world.stats;
    expect(streamsStarted).toBeGreaterThan(20);
    expect(streamsEnded).toBeGreaterThan(20);
    expect(after.length).toBe(before.length + streamsStarted - streamsEnded);

    const continuing = after.filter((stream) => beforeById.has(stream.id));
    const changed = continuing.filter(
      (stream) => stream.viewerCount !== beforeById.get(stream.id)?.viewerCount,
    );
    expect(changed.length).toBeGreaterThan(continuing.length / 2);
    // The snapshot taken before did not change under our feet.
    expect(fingerprint(before)).toBe(fingerprint([...beforeById.values()]));

    const fresh = after.filter((stream) => !beforeById.has(stream.id));
    // Some of the streams started in those 30 minutes have already ended again.
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.length).toBeLessThanOrEqual(streamsStarted);
    for (const stream of fresh) {
      expect(Date.parse(stream.startedAt)).toBeGreaterThan(world.origin);
      expect(Number(stream.id)).toBeGreaterThan(Math.max(...before.map((old) => Number(old.id))));
    }
    expectSorted(after);
  });

  it('depends only on the time reached, not on how often it was looked at', () => {
    const stepwise = new ManualClock();
    const a = new SimulatorWorld(stepwise, { seed: 9 });
    for (let i = 0; i < 60; i++) {
      stepwise.advance(7_000);
      a.liveStreams();
    }
    const jump = new ManualClock();
    const b = new SimulatorWorld(jump, { seed: 9 });
    jump.advance(7 * MINUTE);
    expect(fingerprint(a.liveStreams())).toBe(fingerprint(b.liveStreams()));
  });

  it('starts and ends streams on demand; a new stream ramps up to its audience', () => {
    const clock = new ManualClock();
    const world = new SimulatorWorld(clock, { seed: 2 });
    const offline = world.channels
      .filter((channel) => !world.isLive(channel))
      .reduce((best, channel) => (channel.audience > best.audience ? channel : best));

    const started = world.startStream(offline);
    expect(started.userLogin).toBe(offline.login);
    expect(started.startedAt).toBe(new Date(world.time).toISOString());
    expect(world.liveStreamOf(offline)?.id).toBe(started.id);
    expect(() => world.startStream(offline)).toThrow(/already live/);
    clock.advance(20 * MINUTE);
    expect(world.liveStreamOf(offline)?.viewerCount).toBeGreaterThan(started.viewerCount * 3);

    const live = world.liveStreams()[0];

    const liveChannel = world.findChannelByLogin(live.userLogin.toUpperCase());
    if (!liveChannel) throw new Error('expected the live channel by login');
    world.endStream(liveChannel);
    expect(world.liveStreams().some((stream) => stream.userId === live.userId)).toBe(false);
    expect(() => world.endStream(liveChannel)).toThrow(/not live/);
  });

  it('selects by channel, game and language in the global order', () => {
    const world = new SimulatorWorld(new ManualClock(), { seed: 3 });
    const all = world.liveStreams();
    const game = all[0].gameId;
    const byGame = world.selectLiveStreams({ gameIds: new Set([game]) });
    const expected = all.filter((stream) => stream.gameId === game);
    expect(byGame.slice(0, byGame.length)).toEqual(expected);

    const picked = [all[40], all[3], all[900]];
    const channels = picked
      .map((stream) => world.findChannelById(stream.userId))
      .filter((c) => c !== undefined);
    const byChannel = world.selectLiveStreams({ channels, languages: new Set([all[3].language]) });
    const ids = byChannel.slice(0, 10).map((stream) => stream.rank);
    expect(ids).toEqual(
      picked
        .filter((stream) => stream.language === all[3].language)
        .map((s) => s.rank)
        .sort((x, y) => x - y),
    );
  });

  it('handles 100,000+ live streams, sorted once per step', () => {
    const clock = new ManualClock();
    const world = new SimulatorWorld(clock, { seed: 11, channels: 220_000 });
    const streams = world.liveStreams();
    expect(streams.length).toBeGreaterThan(100_000);
    expectSorted(streams.slice(0, 2000));
    expect(streams[streams.length - 1].viewerCount).toBe(0);

    const page = world.selectLiveStreams().slice(500, 600);
    expect(page.map((stream) => stream.id)).toEqual(streams.slice(500, 600).map((stream) => stream.id));

    clock.advance(10 * MINUTE);
    expect(world.selectLiveStreams().length).toBeGreaterThan(100_000);
  });
});
