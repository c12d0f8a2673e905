import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { ManualClock } from '../common/clock';
import { HelixStream } from './helix-shapes';
import { TwitchSimulator } from './simulator-server';

interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

type StreamsPage = { data: HelixStream[]; pagination: { cursor?: string } };

function client(sim: TwitchSimulator, host = '127.0.0.1') {
  const token = sim.issueAppToken();
  return async <T = unknown>(path: string, init: RequestInit = {}): Promise<Reply<T>> => {
    const response = await fetch(`http://${host}:${sim.port}${path}`, {
      ...init,
      headers: { 'Client-Id': 'embedded-client-id', Authorization: `Bearer ${token}`, ...init.headers },
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: response.headers,
    };
  };
}

async function ipv6LoopbackAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}

describe('TwitchSimulator HTTP: Helix endpoints', () => {
  const sim = new TwitchSimulator({
    seed: 4,
    clock: new ManualClock(),
    pageOverlap: { probability: 0, maxEntries: 0 },
  });
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    await sim.listen();
    call = client(sim);
  });
  afterAll(() => sim.close());

  async function allPages(query: string): Promise<StreamsPage[]> {
    const pages: StreamsPage[] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await call<StreamsPage>(
        `/mock/streams?${query}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      pages.push(body);
      cursor = body.pagination.cursor;
    } while (cursor && pages.length < 100);
    return pages;
  }

  it('serves /mock/streams in Helix shape, sorted by viewers', async () => {
    const { status, body, headers } = await call<StreamsPage>('/mock/streams');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json');
    expect(body.data).toHaveLength(20);
    const [first] = body.data;
    const truth = sim.liveStreams()[0];
    expect(first).toEqual({
      id: truth.id,
      user_id: truth.userId,
      user_login: truth.userLogin,
      user_name: truth.userName,
      game_id: truth.gameId,
      game_name: truth.gameName,
      type: 'live',
      title: truth.title,
      viewer_count: truth.viewerCount,
      started_at: truth.startedAt,
      language: truth.language,
      thumbnail_url: `https://static-cdn.jtvnw.net/previews-ttv/live_user_${truth.userLogin}-{width}x{height}.jpg`,
      tags: [...truth.tags],
      tag_ids: [],
      is_mature: truth.isMature,
    });
    expect(typeof body.pagination.cursor).toBe('string');
  });

  it('pages through every live stream exactly once when overlap is 0; the last page has no cursor', async () => {
    const pages = await allPages('first=100');
    const ids = pages.flatMap((page) => page.data.map((stream) => stream.id));
    expect(ids).toEqual(sim.liveStreams().map((stream) => stream.id));
    expect(pages[pages.length - 1].pagination).toEqual({});
    expect(pages.slice(0, -1).every((page) => page.data.length === 100)).toBe(true);
  });

  it('repeats entries across consecutive pages when overlap is on, and still ends', async () => {
    sim.setPageOverlap({ probability: 1, maxEntries: 3 });
    try {
      const pages = await allPages('first=50');
      let shared = 0;
      for (let i = 1; i < pages.length; i++) {
        const previous = new Set(pages[i - 1].data.map((stream) => stream.id));
        const repeated = pages[i].data.filter((stream) => previous.has(stream.id)).length;
        expect(repeated).toBeGreaterThanOrEqual(1);
        expect(repeated).toBeLessThanOrEqual(3);
        shared += repeated;
      }
      expect(shared).toBeGreaterThan(0);
      const unique = new Set(pages.flatMap((page) => page.data.map((stream) => stream.id)));
      expect(unique.size).toBe(sim.liveStreams().length);
    } finally {
      sim.setPageOverlap({ probability: 0 });
    }
  });

  it('pages backwards with before', async () => {
    const first = await call<StreamsPage>('/mock/streams?first=10');
    const second = await call<StreamsPage>(`/mock/streams?first=10&after=${first.body.pagination.cursor}`);
    const back = await call<StreamsPage>(`/mock/streams?first=10&before=${second.body.pagination.cursor}`);
    expect(back.body.data.map((stream) => stream.id)).toEqual(first.body.data.map((stream) => stream.id));
    expect(back.body.pagination).toEqual({});
  });

  it('rejects a bad first or cursor with Helix 400s', async () => {
    for (const first of ['0', '101', 'abc', '']) {
      const { status, body } = await call(`/mock/streams?first=${first}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'Bad Request', status: 400 });
    }
    expect((await call('/mock/streams?first=100')).status).toBe(200);
    expect((await call('/mock/streams?first=1')).status).toBe(200);
    expect((await call('/mock/streams?after=not-a-cursor!')).status).toBe(400);
    expect((await call(`/mock/streams?after=${Buffer.from('{"x":1}').toString('base64url')}`)).status).toBe(
      400,
    );
    expect((await call('/mock/streams?type=archive')).status).toBe(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => `user_login=u${i}`).join('&');
    expect((await call(`/mock/streams?${tooMany}`)).status).toBe(400);
  });

  it('filters streams by user_login, user_id, game_id and language', async () => {
    const truth = sim.liveStreams();
    const [a, b] = [truth[7], truth[2]];
    const offline = sim.world.channels.find((channel) => !sim.world.isLive(channel));
    const byUser = await call<StreamsPage>(
      `/mock/streams?user_login=${a.userLogin.toUpperCase()}&user_id=${b.userId}&user_login=${offline?.login}&user_login=nobody`,
    );
    expect(byUser.body.data.map((stream) => stream.user_id)).toEqual([b.userId, a.userId]);

    const game = truth[0].gameId;
    const byGame = await allPages(`first=100&game_id=${game}`);
    const gameIds = byGame.flatMap((page) => page.data.map((stream) => stream.id));
    expect(gameIds).toEqual(truth.filter((stream) => stream.gameId === game).map((stream) => stream.id));

    const byLanguage = await call<StreamsPage>('/mock/streams?language=de&first=100');
    expect(byLanguage.body.data.length).toBeGreaterThan(0);
    expect(byLanguage.body.data.every((stream) => stream.language === 'de')).toBe(true);
  });

  it('serves /mock/users by login and id, up to 100', async () => {
    const [x, y] = [sim.world.channels[10], sim.world.channels[20]];
    const { status, body } = await call<{ data: Record<string, unknown>[] }>(
      `/mock/users?login=${x.login}&id=${y.id}&login=unknown_login`,
    );
    expect(status).toBe(200);
    expect(body.data.map((user) => user.login).sort()).toEqual([x.login, y.login].sort());
    const user = body.data.find((entry) => entry.id === x.id);
    expect(user).toMatchObject({
      id: x.id,
      login: x.login,
      display_name: x.displayName,
      type: '',
      view_count: 0,
    });
    expect(Object.keys(user ?? {}).sort()).toEqual(
      [
        'broadcaster_type',
        'created_at',
        'description',
        'display_name',
        'id',
        'login',
        'offline_image_url',
        'profile_image_url',
        'type',
        'view_count',
      ].sort(),
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => `login=u${i}`).join('&');
    expect((await call(`/mock/users?${tooMany}`)).status).toBe(400);
    // An app token has no user to describe.
    expect((await call('/mock/users')).status).toBe(400);
  });

  it('serves /mock/games by id and name, and /mock/games/top with pagination', async () => {
    const named = sim.world.games[1];
    const unnamed = sim.world.games.find((game) => game.name === '');
    const { body } = await call<{
      data: { id: string; name: string; box_art_url: string; igdb_id: string }[];
    }>(`/mock/games?id=${unnamed?.id}&name=${encodeURIComponent(named.name.toUpperCase())}&id=999999999999`);
    expect(body.data.map((game) => game.id).sort()).toEqual([named.id, unnamed?.id].sort());
    expect(body.data.find((game) => game.id === unnamed?.id)?.name).toBe('');
    expect(body.data[0].box_art_url).toContain('{width}x{height}');
    expect((await call('/mock/games')).status).toBe(400);

    const top = await call<{ data: { id: string }[]; pagination: { cursor?: string } }>(
      '/mock/games/top?first=5',
    );
    expect(top.body.data.map((game) => game.id)).toEqual(
      sim.world
        .topGames()
        .slice(0, 5)
        .map(({ game }) => game.id),
    );
    const next = await call<{ data: { id: string }[] }>(
      `/mock/games/top?first=5&after=${top.body.pagination.cursor}`,
    );
    expect(next.body.data.map((game) => game.id)).toEqual(
      sim.world
        .topGames()
        .slice(5, 10)
        .map(({ game }) => game.id),
    );
  });

  it('answers unknown routes with a JSON 404', async () => {
    for (const path of ['/mock/nothing', '/nothing', '/auth/nothing', '/sim/nothing']) {
      const { status, body } = await call(path);
      expect(status).toBe(404);
      expect(body).toMatchObject({ status: 404 });
    }
  });

  it('serves 1000 streams in 10 pages quickly', async () => {
    const started = performance.now();
    const pages = await allPages('first=100');
    expect(pages.length).toBeGreaterThanOrEqual(10);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('TwitchSimulator HTTP: listening', () => {
  it('answers on 127.0.0.1 and on ::1 with the same port, and closes cleanly', async () => {
    const sim = new TwitchSimulator({ clock: new ManualClock() });
    const port = await sim.listen();
    expect(sim.url).toBe(`http://localhost:${port}`);
    expect((await client(sim, '127.0.0.1')('/mock/streams?first=1')).status).toBe(200);
    if (await ipv6LoopbackAvailable()) {
      expect(sim.state().addresses).toEqual(['127.0.0.1', '::1']);
      expect((await client(sim, '[::1]')('/mock/streams?first=1')).status).toBe(200);
    }
    await sim.close();
    await expect(fetch(`http://127.0.0.1:${port}/sim/state`)).rejects.toThrow();
  });

  it('listens on a given port', async () => {
    const probe = new TwitchSimulator({ clock: new ManualClock() });
    const free = await probe.listen();
    await probe.close();
    const sim = new TwitchSimulator({ clock: new ManualClock() });
    try {
      expect(await sim.listen(free)).toBe(free);
    } finally {
      await sim.close();
    }
  });
});
