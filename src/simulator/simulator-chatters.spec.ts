import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { smallSimulator } from '../../test/support/small-simulator';
import { EMBEDDED_CLIENT_ID } from './auth-tokens';

interface Chatters {
  data: { user_id: string; user_login: string; user_name: string }[];
  pagination: { cursor?: string };
  total: number;
}

describe('GET /mock/chat/chatters', () => {
  const { sim } = smallSimulator({ seed: 9, chattersLagMs: 30_000 });
  let base: string;
  const streams = sim.liveStreams();
  const big = sim.world.findChannelByLogin(streams[0].userLogin)!;
  const small = sim.world.findChannelByLogin(streams[20].userLogin)!;
  const simmod = sim.users.findByLogin('simmod')!;
  const simviewer = sim.users.findByLogin('simviewer')!;

  beforeAll(async () => {
    base = `http://127.0.0.1:${await sim.listen()}`;
  });
  afterAll(() => sim.close());

  async function chatters(token: string, query: Record<string, string>) {
    const response = await fetch(`${base}/mock/chat/chatters?${new URLSearchParams(query)}`, {
      headers: { Authorization: `Bearer ${token}`, 'Client-Id': EMBEDDED_CLIENT_ID },
    });
    return { status: response.status, body: (await response.json()) as Chatters };
  }

  it('needs both ids, a user token with the scope, and a moderator or the broadcaster', async () => {
    const mod = sim.issueUserToken('simmod', ['moderator:read:chatters']);
    const query = { broadcaster_id: small.id, moderator_id: simmod.id };
    expect((await chatters(mod, { broadcaster_id: small.id })).status).toBe(400);
    expect((await chatters(mod, { moderator_id: simmod.id })).status).toBe(400);
    expect((await chatters(sim.issueAppToken(), query)).status).toBe(401);
    expect((await chatters(sim.issueUserToken('simmod'), query)).status).toBe(401);
    expect((await chatters(mod, { ...query, moderator_id: simviewer.id })).status).toBe(401);
    const viewer = sim.issueUserToken('simviewer', ['moderator:read:chatters']);
    expect((await chatters(viewer, { ...query, moderator_id: simviewer.id })).status).toBe(403);
    sim.setModerator('simviewer', small.login);
    expect((await chatters(viewer, { ...query, moderator_id: simviewer.id })).status).toBe(200);
    const broadcaster = sim.issueUserToken(small.login, ['moderator:read:chatters']);
    expect((await chatters(broadcaster, { ...query, moderator_id: small.id })).status).toBe(200);
    const ok = await chatters(mod, { ...query, first: '1000' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toHaveLength(ok.body.total);
    expect(ok.body.total).toBeGreaterThan(0);
    expect(new Set(ok.body.data.map((chatter) => chatter.user_id)).size).toBe(ok.body.total);
    expect(ok.body.data[0]).toEqual({
      user_id: expect.any(String),
      user_login: expect.any(String),
      user_name: expect.any(String),
    });
  });

  it('pages 1000 at a time with a total', async () => {
    const mod = sim.issueUserToken('simmod', ['moderator:read:chatters']);
    const query = { broadcaster_id: big.id, moderator_id: simmod.id, first: '1000' };
    expect((await chatters(mod, { ...query, first: '1001' })).status).toBe(400);
    const seen = new Set<string>();
    let page = await chatters(mod, query);
    const total = page.body.total;
    expect(total).toBeGreaterThan(1000);
    expect(page.body.data).toHaveLength(1000);
    for (;;) {
      for (const chatter of page.body.data) seen.add(chatter.user_id);
      if (!page.body.pagination.cursor) break;
      page = await chatters(mod, { ...query, after: page.body.pagination.cursor });
    }
    expect(seen.size).toBe(total);
    expect((await chatters(mod, { broadcaster_id: big.id, moderator_id: simmod.id })).body.data).toHaveLength(
      100,
    );
  });

  it('lags the truth by chattersLagMs', async () => {
    const mod = sim.issueUserToken('simmod', ['moderator:read:chatters']);
    const query = { broadcaster_id: small.id, moderator_id: simmod.id, first: '1000' };
    const logins = async () =>
      (await chatters(mod, query)).body.data.map((chatter) => chatter.user_login).sort();
    const before = await logins();
    sim.raid(big.login, small.login);
    const raiders = sim
      .truthMigrations(sim.world.time, sim.world.time + 1)
      .filter((hop) => hop.to === small.login);
    expect(raiders.length).toBeGreaterThan(100);
    expect(await logins()).toEqual(before);
    sim.advanceClock(20_000);
    expect((await logins()).filter((login) => raiders.some((hop) => hop.user === login))).toHaveLength(0);
    sim.advanceClock(20_000);
    const after = await logins();
    expect(after.filter((login) => raiders.some((hop) => hop.user === login)).length).toBeGreaterThan(50);
  });

  it('serves the truth over HTTP', async () => {
    const since = new Date(sim.world.time - 3_600_000).toISOString();
    const reply = await fetch(
      `${base}/sim/truth/migrations?since=${since}&until=${new Date(sim.world.time + 1).toISOString()}`,
    );
    const body = (await reply.json()) as { data: { viaRaid: boolean; user: string }[] };
    expect(body.data.filter((hop) => hop.viaRaid).length).toBeGreaterThan(100);
    expect((await fetch(`${base}/sim/truth/migrations?since=yesterday`)).status).toBe(400);
  });

  it('answers Get Moderated Channels for the token user with the scope, in pages', async () => {
    const scope = ['user:read:moderated_channels'];
    const moderated = async (token: string, query: Record<string, string>) => {
      const response = await fetch(`${base}/mock/moderation/channels?${new URLSearchParams(query)}`, {
        headers: { Authorization: `Bearer ${token}`, 'Client-Id': EMBEDDED_CLIENT_ID },
      });
      return {
        status: response.status,
        body: (await response.json()) as {
          data: { broadcaster_id: string; broadcaster_login: string }[];
          pagination: { cursor?: string };
        },
      };
    };
    const viewer = sim.issueUserToken('simviewer', scope);
    expect((await moderated(viewer, {})).status).toBe(400);
    expect((await moderated(sim.issueUserToken('simviewer'), { user_id: simviewer.id })).status).toBe(401);
    expect((await moderated(viewer, { user_id: simmod.id })).status).toBe(400);
    // An earlier test made simviewer a moderator of a channel or two.
    const before = (await moderated(viewer, { user_id: simviewer.id })).body.data.map(
      (channel) => channel.broadcaster_login,
    );
    expect(before).not.toContain(big.login);

    sim.setModerator('simviewer', big.login);
    const page = await moderated(viewer, { user_id: simviewer.id });
    expect(page.body.data.map((channel) => channel.broadcaster_login).sort()).toEqual(
      [...before, big.login].sort(),
    );
    expect(page.body.data.find((channel) => channel.broadcaster_login === big.login)?.broadcaster_id).toBe(
      big.id,
    );

    // simmod moderates every channel: all of them, 100 a page at most.
    const everything = await moderated(sim.issueUserToken('simmod', scope), {
      user_id: simmod.id,
      first: '100',
    });
    expect(everything.body.data).toHaveLength(100);
    expect(everything.body.pagination.cursor).toEqual(expect.any(String));
  });
});
