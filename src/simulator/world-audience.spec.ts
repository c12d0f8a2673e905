import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import { AUDIENCE_JOIN, AUDIENCE_PART, AUDIENCE_RAID } from './audience-log';
import { AUDIENCE_BOTS } from './audience-users';
import { SimulatorWorld } from './simulator-world';
import { WorldAudience } from './world-audience';

const MINUTE = 60_000;

function build(seed = 4, channels = 300, audienceScale = 0.2) {
  const clock = new ManualClock();
  const world = new SimulatorWorld(clock, { seed, channels });
  const audience = new WorldAudience(world, { audienceScale });
  return { clock, world, audience };
}

describe('WorldAudience', () => {
  it('is deterministic by seed', () => {
    const run = (seed: number) => {
      const { clock, world, audience } = build(seed);
      clock.advance(20 * MINUTE);
      world.sync();
      const top = world.liveStreams()[0];
      return JSON.stringify([
        audience.stats,
        Array.from(audience.rooms.membersAt(world.findChannelByLogin(top.userLogin)!.index, world.time)),
        audience.migrations(0, Infinity),
      ]);
    };
    expect(run(4)).toBe(run(4));
    expect(run(4)).not.toBe(run(5));
  });

  it('records every true hop with its leave and join on the log, gaps of 0 to a few minutes', () => {
    const { clock, world, audience } = build();
    const start = world.time;
    const seen: { kind: number; channel: number; user: string; time: number }[] = [];
    audience.onChange(() => {
      const { log } = audience;
      for (let seq = Math.max(log.start, log.end - 100_000); seq < log.end; seq++) {
        if (log.time(seq) !== world.time) continue;
        const user = audience.identity(log.subject(seq)).login;
        seen.push({ kind: log.kind(seq), channel: log.channel(seq), user, time: log.time(seq) });
      }
    });
    clock.advance(15 * MINUTE);
    world.sync();
    const hops = audience.migrations(start, world.time + 1);
    expect(hops.length).toBeGreaterThan(20);
    const login = (index: number) => world.channels[index].login;
    const has = (kind: number, channel: string, user: string, time: string) =>
      seen.some(
        (e) =>
          e.kind === kind && login(e.channel) === channel && e.user === user && e.time === Date.parse(time),
      );
    for (const hop of hops) {
      const gap = Date.parse(hop.joinedAt) - Date.parse(hop.leftAt);
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(3 * MINUTE + world.options.tickMs);
      expect(hop.from).not.toBe(hop.to);
      expect(has(AUDIENCE_PART, hop.from, hop.user, hop.leftAt)).toBe(true);
      expect(has(AUDIENCE_JOIN, hop.to, hop.user, hop.joinedAt)).toBe(true);
    }
    expect(hops.some((hop) => hop.joinedAt !== hop.leftAt)).toBe(true);
    // Nobody is in the truth who was not recorded, and `since` filters by join time.
    const later = audience.migrations(start + 10 * MINUTE, world.time + 1);
    expect(later.every((hop) => Date.parse(hop.joinedAt) >= start + 10 * MINUTE)).toBe(true);
    expect(later.length).toBeLessThan(hops.length);
  });

  it('keeps viewers who stopped watching away for minAwayMs, so every quick leave-then-join is a true hop', () => {
    // Joins that are not a hop's landing, by users who left any channel less than 15 minutes before.
    const quickRejoins = (minAwayMs: number) => {
      const clock = new ManualClock();
      const world = new SimulatorWorld(clock, { seed: 4, channels: 300 });
      const audience = new WorldAudience(world, { audienceScale: 0.2, minAwayMs });
      const lastPart = new Map<number, number>();
      const joins: { user: number; channel: number; time: number; after: number }[] = [];
      audience.onChange(() => {
        const { log } = audience;
        for (let seq = Math.max(log.start, log.end - 100_000); seq < log.end; seq++) {
          if (log.time(seq) !== world.time) continue;
          const user = log.subject(seq);
          if (log.kind(seq) === AUDIENCE_PART) lastPart.set(user, log.time(seq));
          const after = lastPart.get(user);
          if (log.kind(seq) === AUDIENCE_JOIN && after !== undefined && after < log.time(seq))
            joins.push({ user, channel: log.channel(seq), time: log.time(seq), after });
        }
      });
      clock.advance(15 * MINUTE);
      world.sync();
      const landings = new Set(
        audience.migrations(0, Infinity).map((hop) => `${hop.user} ${hop.to} ${Date.parse(hop.joinedAt)}`),
      );
      return joins.filter(
        (j) =>
          !landings.has(`${audience.identity(j.user).login} ${world.channels[j.channel].login} ${j.time}`),
      ).length;
    };
    // Without the pause, arrivals recycle people who just left: hops the truth does not list.
    expect(quickRejoins(0)).toBeGreaterThan(0);
    expect(quickRejoins(15 * MINUTE)).toBe(0);
  });

  it('moves a share of the audience on a raid, flagged viaRaid, and logs the raid', () => {
    const { world, audience } = build();
    const [first, second] = world.liveStreams();
    const from = world.findChannelByLogin(first.userLogin)!;
    const to = world.findChannelByLogin(second.userLogin)!;
    const before = audience.rooms.membersAt(from.index, world.time).length;
    audience.raid(from.index, to.index, world.time);
    const raided = audience.migrations(world.time, world.time + 1).filter((hop) => hop.viaRaid);
    expect(raided.length).toBeGreaterThan(before * 0.4);
    expect(raided.every((hop) => hop.from === from.login && hop.to === to.login)).toBe(true);
    const { log } = audience;
    expect(Array.from({ length: log.end - log.start }, (_, i) => log.kind(log.start + i))).toContain(
      AUDIENCE_RAID,
    );
    expect(audience.rooms.membersAt(from.index, world.time).length).toBeLessThan(before * 0.6);
  });

  it('scatters the audience of an ended stream', () => {
    const { clock, world, audience } = build();
    const channel = world.findChannelByLogin(world.liveStreams()[0].userLogin)!;
    world.endStream(channel);
    clock.advance(world.options.tickMs);
    world.sync();
    expect(audience.rooms.membersAt(channel.index, world.time)).toHaveLength(0);
    clock.advance(5 * MINUTE);
    const hops = audience.migrations(0, Infinity).filter((hop) => hop.from === channel.login);
    expect(hops.length).toBeGreaterThan(0);
  });

  it('puts bots in many channels at once and never in the truth', () => {
    const { clock, world, audience } = build();
    clock.advance(10 * MINUTE);
    world.sync();
    const live = world.liveStreams().map((stream) => world.findChannelByLogin(stream.userLogin)!);
    const withNightbot = live.filter((channel) =>
      audience.rooms.membersAt(channel.index, world.time).includes(-1),
    );
    expect(withNightbot.length).toBeGreaterThan(live.length * 0.3);
    const bots = new Set(AUDIENCE_BOTS.map((bot) => bot.login));
    expect(audience.migrations(0, Infinity).some((hop) => bots.has(hop.user))).toBe(false);
  });

  it('has multi-viewers present in several channels at once', () => {
    const { world, audience } = build();
    const count = new Map<number, number>();
    for (const stream of world.liveStreams()) {
      const channel = world.findChannelByLogin(stream.userLogin)!;
      for (const user of audience.rooms.membersAt(channel.index, world.time))
        count.set(user, (count.get(user) ?? 0) + 1);
    }
    const multi = [...count].filter(([user, channels]) => user >= 0 && channels >= 2);
    expect(multi.length).toBeGreaterThan(10);
    expect(multi.every(([, channels]) => channels <= 3)).toBe(true);
  });

  it('steps a world of ~1000 live channels with ~1000 viewers each', () => {
    const clock = new ManualClock();
    const world = new SimulatorWorld(clock, { seed: 3, channels: 2000 });
    const audience = new WorldAudience(world, { audienceScale: 8, maxChannelAudience: 3000 });
    expect(audience.stats.present).toBeGreaterThan(500_000);
    clock.advance(6 * world.options.tickMs);
    world.sync();
    expect(audience.stats.present).toBeGreaterThan(500_000);
  });
});
