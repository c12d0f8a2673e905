import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { EventSubClient } from '../../test/support/eventsub-client';
import { smallSimulator } from '../../test/support/small-simulator';
import { MAX_CONDUITS_PER_CLIENT } from './eventsub-conduits';

interface Reply {
  status: number;
  body: Record<string, unknown> & { data?: Record<string, unknown>[]; message?: string };
}

describe('EventSub conduits (app tokens, WebSocket shards)', () => {
  const { sim } = smallSimulator({ seed: 41, eventSubUnusedConnectionMs: 60_000 });
  const streams = sim.liveStreams();
  const channel = (login: string) => sim.world.findChannelByLogin(login)!;
  let port: number;
  const clients: EventSubClient[] = [];
  const appToken = sim.issueAppToken();

  const call = async (method: string, path: string, body?: unknown, token = appToken): Promise<Reply> => {
    const response = await fetch(`http://127.0.0.1:${port}/mock/eventsub/${path}`, {
      method,
      headers: {
        'Client-Id': 'embedded-client-id',
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Reply['body']) : {} };
  };
  const shard = async () => {
    const client = await EventSubClient.open(`ws://127.0.0.1:${port}/ws`);
    clients.push(client);
    return { client, id: (await client.welcome()).id };
  };
  const createConduit = async (shardCount = 1) => {
    const created = await call('POST', 'conduits', { shard_count: shardCount });
    expect(created.status).toBe(200);
    return created.body.data![0].id as string;
  };
  const assign = (conduitId: string, shards: { id: string; session: string }[]) =>
    call('PATCH', 'conduits/shards', {
      conduit_id: conduitId,
      shards: shards.map(({ id, session }) => ({
        id,
        transport: { method: 'websocket', session_id: session },
      })),
    });
  const raidsTo = (conduitId: string, login: string) =>
    call('POST', 'subscriptions', {
      type: 'channel.raid',
      version: '1',
      condition: { to_broadcaster_user_id: channel(login).id },
      transport: { method: 'conduit', conduit_id: conduitId },
    });

  beforeAll(async () => {
    port = await sim.listen();
  });
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    sim.dropEventSubConnections();
    const listed = await call('GET', 'conduits');
    for (const conduit of listed.body.data ?? []) await call('DELETE', `conduits?id=${String(conduit.id)}`);
  });
  afterAll(() => sim.close());

  it('creates, lists, resizes and deletes conduits for the app token only, at most 5 per client', async () => {
    const user = sim.issueUserToken('simviewer');
    expect((await call('POST', 'conduits', { shard_count: 1 }, user)).status).toBe(401);
    expect((await call('POST', 'conduits', { shard_count: 0 })).status).toBe(400);
    const ids = [];
    for (let index = 0; index < MAX_CONDUITS_PER_CLIENT; index++) ids.push(await createConduit(2));
    expect((await call('POST', 'conduits', { shard_count: 1 })).status).toBe(429);
    const resized = await call('PATCH', 'conduits', { id: ids[0], shard_count: 4 });
    expect(resized.body.data).toEqual([{ id: ids[0], shard_count: 4 }]);
    const shards = await call('GET', `conduits/shards?conduit_id=${ids[0]}`);
    expect(shards.body.data!.map((entry) => [entry.id, entry.status])).toEqual([
      ['0', 'websocket_disconnected'],
      ['1', 'websocket_disconnected'],
      ['2', 'websocket_disconnected'],
      ['3', 'websocket_disconnected'],
    ]);
    expect((await call('DELETE', `conduits?id=${ids[1]}`)).status).toBe(204);
    expect((await call('DELETE', `conduits?id=${ids[1]}`)).status).toBe(404);
    expect(((await call('GET', 'conduits')).body.data ?? []).map((entry) => entry.id)).toEqual([
      ids[0],
      ...ids.slice(2),
    ]);
  });

  it('assigns sessions to shards, refusing unknown shards, dead sessions and sessions in use', async () => {
    const conduitId = await createConduit(2);
    const first = await shard();
    const second = await shard();
    const answer = await call('PATCH', 'conduits/shards', {
      conduit_id: conduitId,
      shards: [
        { id: '0', transport: { method: 'websocket', session_id: first.id } },
        { id: '1', transport: { method: 'websocket', session_id: first.id } },
        { id: '7', transport: { method: 'websocket', session_id: second.id } },
        { id: '1', transport: { method: 'websocket', session_id: 'no-such-session' } },
      ],
    });
    expect(answer.status).toBe(202);
    expect(answer.body.data!.map((entry) => [entry.id, entry.status])).toEqual([['0', 'enabled']]);
    expect((answer.body.errors as { id: string; code: string }[]).map(({ id, code }) => [id, code])).toEqual([
      ['1', 'websocket_session_in_use'],
      ['7', 'invalid_parameter'],
      ['1', 'websocket_session_not_found'],
    ]);
    // A session serving a shard takes no WebSocket subscription of its own.
    const user = sim.issueUserToken('simviewer');
    const own = await call(
      'POST',
      'subscriptions',
      {
        type: 'channel.raid',
        version: '1',
        condition: { to_broadcaster_user_id: channel(streams[0].userLogin).id },
        transport: { method: 'websocket', session_id: first.id },
      },
      user,
    );
    expect(own.status).toBe(400);
  });

  it('subscribes channel.raid through a conduit with the app token at cost 1 of 10,000', async () => {
    const conduitId = await createConduit();
    const created = await raidsTo(conduitId, streams[1].userLogin);
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ total: 1, total_cost: 1, max_total_cost: 10_000 });
    expect(created.body.data![0]).toMatchObject({
      type: 'channel.raid',
      status: 'enabled',
      cost: 1,
      transport: { method: 'conduit', conduit_id: conduitId },
    });
    expect((await raidsTo(conduitId, streams[1].userLogin)).status).toBe(409);
    expect((await raidsTo('no-such-conduit', streams[2].userLogin)).status).toBe(400);
    // Chat needs a user's authorization: the app token alone is refused.
    const chat = await call('POST', 'subscriptions', {
      type: 'channel.chat.message',
      version: '1',
      condition: { broadcaster_user_id: channel(streams[1].userLogin).id, user_id: '9000001' },
      transport: { method: 'conduit', conduit_id: conduitId },
    });
    expect(chat.status).toBe(403);
    const user = sim.issueUserToken('simviewer');
    const wrongToken = await call(
      'POST',
      'subscriptions',
      {
        type: 'channel.raid',
        version: '1',
        condition: { to_broadcaster_user_id: channel(streams[2].userLogin).id },
        transport: { method: 'conduit', conduit_id: conduitId },
      },
      user,
    );
    expect(wrongToken.status).toBe(400);
    const listed = await call('GET', 'subscriptions');
    expect(listed.body).toMatchObject({ total: 1, total_cost: 1, max_total_cost: 10_000 });
  });

  it('sends raids to an enabled shard; a dropped shard loses them but keeps the subscriptions, a new session resumes', async () => {
    const conduitId = await createConduit();
    const [raider, target] = [streams[0].userLogin, streams[3].userLogin];
    expect((await raidsTo(conduitId, target)).status).toBe(202);
    const first = await shard();
    expect((await assign(conduitId, [{ id: '0', session: first.id }])).status).toBe(202);

    sim.raid(raider, target);
    const [notification] = await first.client.waitFor(() => {
      const received = first.client.notifications();
      return received.length > 0 ? received : undefined;
    });
    expect(notification.payload.subscription).toMatchObject({
      type: 'channel.raid',
      transport: { method: 'conduit', conduit_id: conduitId },
    });
    expect(notification.payload.event).toMatchObject({
      from_broadcaster_user_login: raider,
      to_broadcaster_user_login: target,
    });

    sim.dropEventSubConnections();
    const shards = await call('GET', `conduits/shards?conduit_id=${conduitId}`);
    expect(shards.body.data![0]).toMatchObject({ id: '0', status: 'websocket_disconnected' });
    const sent = sim.eventSub.notificationsSent;
    sim.raid(streams[1].userLogin, target);
    expect(sim.eventSub.notificationsSent).toBe(sent);
    expect((await call('GET', 'subscriptions?status=enabled')).body.total).toBe(1);

    const second = await shard();
    expect((await assign(conduitId, [{ id: '0', session: second.id }])).status).toBe(202);
    sim.raid(streams[2].userLogin, target);
    await second.client.waitFor(() => second.client.notifications()[0]);
  });

  it('keeps a shard’s session open though it has no subscription of its own', async () => {
    const { sim: quick } = smallSimulator({ seed: 43, eventSubUnusedConnectionMs: 30 });
    const quickPort = await quick.listen();
    try {
      const token = quick.issueAppToken();
      const headers = {
        'Client-Id': 'embedded-client-id',
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      };
      const created = await fetch(`http://127.0.0.1:${quickPort}/mock/eventsub/conduits`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ shard_count: 1 }),
      });
      const conduitId = ((await created.json()) as { data: { id: string }[] }).data[0].id;
      const served = await EventSubClient.open(`ws://127.0.0.1:${quickPort}/ws`);
      const idle = await EventSubClient.open(`ws://127.0.0.1:${quickPort}/ws`);
      clients.push(served, idle);
      const session = (await served.welcome()).id;
      await fetch(`http://127.0.0.1:${quickPort}/mock/eventsub/conduits/shards`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({
          conduit_id: conduitId,
          shards: [{ id: '0', transport: { method: 'websocket', session_id: session } }],
        }),
      });
      expect((await idle.waitClosed()).code).toBe(4003);
      expect(served.closed).toBeUndefined();
    } finally {
      await quick.close();
    }
  });
});
