import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { smallSimulator } from '../../test/support/small-simulator';
import { TrueMigration } from './migration-truth';

const MINUTE = 60_000;
const key = (m: TrueMigration) => `${m.user} ${m.from} ${m.to} ${m.joinedAt}`;

describe('ground truth projected onto watched channels', () => {
  const { sim } = smallSimulator({ seed: 9, presenceHistoryMs: 30 * MINUTE });
  const start = sim.world.time;
  const watched = sim
    .liveStreams()
    .slice(0, 30)
    .map((s) => s.userLogin);
  let base: string;

  beforeAll(async () => {
    base = `http://127.0.0.1:${await sim.listen()}`;
    sim.advanceClock(25 * MINUTE);
  });
  afterAll(() => sim.close());

  it('keeps the raw hops between watched channels and adds what only watching them shows', () => {
    const since = start + 5 * MINUTE;
    const until = start + 20 * MINUTE;
    const projection = { channels: watched, windowMs: 5 * MINUTE };
    const projected = sim.truthMigrations(since, until, projection);
    const raw = sim
      .truthMigrations(since, until)
      .filter((m) => watched.includes(m.from) && watched.includes(m.to));
    expect(raw.length).toBeGreaterThan(200);
    expect(
      projected.every((m) => watched.includes(m.from) && watched.includes(m.to) && m.from !== m.to),
    ).toBe(true);
    expect(
      projected.every((m) => Math.abs(Date.parse(m.joinedAt) - Date.parse(m.leftAt)) <= 5 * MINUTE),
    ).toBe(true);
    const projectedKeys = new Set(projected.map(key));
    // A raw hop is missing only when the nearest pairing gave its leave or join to another move of a multi-viewer.
    expect(raw.filter((m) => projectedKeys.has(key(m))).length).toBeGreaterThan(0.97 * raw.length);
    // Chains through unwatched channels and multi-viewers switching streams are migrations too.
    const rawKeys = new Set(raw.map(key));
    expect(projected.filter((m) => !rawKeys.has(key(m))).length).toBeGreaterThan(0.02 * raw.length);
    expect(projected.some((m) => m.viaRaid)).toBe(raw.some((m) => m.viaRaid));
  });

  it('serves the projection over HTTP with channels= and window= (seconds)', async () => {
    const iso = (t: number) => new Date(t).toISOString();
    const query = `since=${iso(start + 10 * MINUTE)}&until=${iso(start + 20 * MINUTE)}`;
    const url = `${base}/sim/truth/migrations?${query}&channels=${watched.join(',')}`;
    const reply = await fetch(`${url}&window=300`);
    expect(reply.status).toBe(200);
    const body = (await reply.json()) as { data: TrueMigration[] };
    const projection = { channels: watched, windowMs: 5 * MINUTE };
    expect(body.data).toEqual(sim.truthMigrations(start + 10 * MINUTE, start + 20 * MINUTE, projection));
    expect((await fetch(`${url}&window=-1`)).status).toBe(400);
  });

  it('refuses a projection reaching before the presence it keeps', async () => {
    sim.advanceClock(20 * MINUTE);
    const since = new Date(start + 10 * MINUTE).toISOString();
    const reply = await fetch(`${base}/sim/truth/migrations?since=${since}&channels=${watched[0]}`);
    expect(reply.status).toBe(400);
    expect(() =>
      sim.truthMigrations(start + 10 * MINUTE, sim.world.time, { channels: watched, windowMs: 0 }),
    ).toThrow(RangeError);
  });
});
