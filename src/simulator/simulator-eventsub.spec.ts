import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { EventSubClient, SubscriptionJson, WireMessage } from '../../test/support/eventsub-client';
import { RawIrcClient } from '../../test/support/raw-irc-client';
import { waitFor } from '../../test/support/wait-for';
import { smallSimulator } from '../../test/support/small-simulator';
import { ManualClock } from '../common/clock';
import { AUDIENCE_MESSAGE } from './audience-log';
import { EMBEDDED_CLIENT_ID } from './auth-tokens';
import { isEventSubUpgrade, parseKeepaliveSeconds } from './eventsub-server';
import { EventSubSession, EventSubTransport } from './eventsub-session';
import type { EventSubSubscription } from './eventsub-subscriptions';
import { parseIrcMessage } from './irc-message';
import { TwitchSimulator } from './simulator-server';

interface HelixBody {
  data: SubscriptionJson[];
  total: number;
  total_cost: number;
  max_total_cost: number;
  pagination?: { cursor?: string };
  status?: number;
  message?: string;
}

interface Reply {
  status: number;
  body: HelixBody;
  headers: Headers;
}

/** Helix's EventSub endpoints for one token. */
function helix(sim: TwitchSimulator, token: string, clientId = EMBEDDED_CLIENT_ID) {
  const call = async (method: string, query = '', body?: unknown): Promise<Reply> => {
    const response = await fetch(`http://127.0.0.1:${sim.port}/mock/eventsub/subscriptions${query}`, {
      method,
      headers: {
        'Client-Id': clientId,
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as HelixBody,
      headers: response.headers,
    };
  };
  return {
    call,
    subscribe: (sessionId: string, type: string, condition: Record<string, string>, version = '1') =>
      call('POST', '', {
        type,
        version,
        condition,
        transport: { method: 'websocket', session_id: sessionId },
      }),
    list: (query = '') => call('GET', query),
    remove: (id: string) => call('DELETE', `?id=${encodeURIComponent(id)}`),
  };
}

const CHAT_SCOPES = ['user:read:chat', 'chat:read'];

describe('EventSub over WebSocket', () => {
  const { sim } = smallSimulator({ seed: 31, chatPumpIntervalMs: 10, eventSubUnusedConnectionMs: 60_000 });
  const streams = sim.liveStreams();
  const channel = (login: string) => sim.world.findChannelByLogin(login)!;
  const [big, second] = [streams[0].userLogin, streams[1].userLogin];
  const busy = streams[3].userLogin;
  const others = streams.slice(10, 30).map((stream) => stream.userLogin);
  let port: number;
  const clients: { close(): void }[] = [];
  const connect = async (query = '') => {
    const client = await EventSubClient.open(`ws://127.0.0.1:${port}/ws${query}`);
    clients.push(client);
    return client;
  };
  const session = async (query = '') => {
    const client = await connect(query);
    return { client, id: (await client.welcome()).id };
  };
  const viewer = () => helix(sim, sim.issueUserToken('simviewer', CHAT_SCOPES));
  /**
   * A user of its own (an offline broadcaster) for a test that lists subscriptions: the disabled ones of
   * earlier tests on the shared simulator stay listed for their user.
   */
  const offline = sim.world.channels.filter((candidate) => !sim.world.isLive(candidate));
  const reader = () => {
    const account = offline.pop()!;
    const token = sim.issueUserToken(account.login, CHAT_SCOPES);
    return { id: account.id, login: account.login, token, api: helix(sim, token) };
  };

  beforeAll(async () => {
    port = await sim.listen();
  });
  afterEach(() => {
    clients.splice(0).forEach((client) => client.close());
    sim.dropEventSubConnections();
  });
  afterAll(() => sim.close());

  it('welcomes on /ws with a session; keepalive_timeout_seconds is 10 unless asked, clamped to 10–600', async () => {
    const client = await connect();
    const welcome = await client.waitFor(() => client.of('session_welcome')[0]);
    expect(welcome.metadata).toEqual({
      message_id: expect.any(String),
      message_type: 'session_welcome',
      message_timestamp: expect.any(String),
    });
    expect(Math.abs(Date.parse(welcome.metadata.message_timestamp) - Date.now())).toBeLessThan(60_000);
    expect(welcome.payload.session).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      status: 'connected',
      connected_at: expect.any(String),
      keepalive_timeout_seconds: 10,
      reconnect_url: null,
      recovery_url: null,
    });
    const keepalive = async (value: string) =>
      (await (await connect(`?keepalive_timeout_seconds=${value}`)).welcome()).keepalive_timeout_seconds;
    expect(await keepalive('30')).toBe(30);
    expect(await keepalive('5')).toBe(10);
    expect(await keepalive('9999')).toBe(600);
    await expect(connect('?keepalive_timeout_seconds=soon')).rejects.toThrow(/400/);
    // Two sessions never share an id.
    expect((await session()).id).not.toBe((await session()).id);
  });

  it('closes with 4001 when the client sends anything, disabling its subscriptions', async () => {
    const { client, id } = await session();
    const api = viewer();
    const created = await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: channel(big).id });
    expect(created.status).toBe(202);
    client.send('{"hello":"twitch"}');
    expect(await client.waitClosed()).toEqual({ code: 4001, reason: 'client sent inbound traffic' });
    // The server sees the close after the client does.
    const listed = await waitFor(async () => {
      const { body } = await api.list(`?subscription_id=${created.body.data[0].id}`);
      return body.data[0]?.status === 'enabled' ? undefined : body.data[0];
    }, 'the subscription disabled');
    expect(listed.status).toBe('websocket_received_inbound_traffic');
  });

  it('creates, lists, filters and deletes subscriptions behind the Helix gateway', async () => {
    const { id } = await session();
    const { id: userId, token, api } = reader();
    const broadcaster = channel(busy);
    const chat = await api.subscribe(id, 'channel.chat.message', {
      broadcaster_user_id: broadcaster.id,
      user_id: userId,
    });
    expect(chat.status).toBe(202);
    expect(chat.headers.get('ratelimit-remaining')).not.toBeNull();
    expect(chat.body).toEqual({
      data: [
        {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          status: 'enabled',
          type: 'channel.chat.message',
          version: '1',
          condition: { broadcaster_user_id: broadcaster.id, user_id: userId },
          created_at: expect.any(String),
          transport: { method: 'websocket', session_id: id, connected_at: expect.any(String) },
          cost: 0,
        },
      ],
      total: 1,
      total_cost: 0,
      max_total_cost: 10,
    });
    const raid = await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: broadcaster.id });
    expect(raid.status).toBe(202);
    expect(raid.body.data[0]).toMatchObject({
      condition: { from_broadcaster_user_id: '', to_broadcaster_user_id: broadcaster.id },
      cost: 1,
    });
    expect(raid.body).toMatchObject({ total: 2, total_cost: 1 });

    const all = await api.list();
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 2, total_cost: 1, max_total_cost: 10, pagination: {} });
    expect(all.body.data.map((subscription) => subscription.id)).toEqual([
      chat.body.data[0].id,
      raid.body.data[0].id,
    ]);
    const ids = async (query: string) =>
      (await api.list(query)).body.data.map((subscription) => subscription.id);
    expect(await ids('?type=channel.raid')).toEqual([raid.body.data[0].id]);
    expect(await ids('?status=enabled')).toHaveLength(2);
    expect(await ids('?status=websocket_disconnected')).toEqual([]);
    expect(await ids(`?user_id=${broadcaster.id}`)).toHaveLength(2);
    expect(await ids(`?subscription_id=${chat.body.data[0].id}`)).toEqual([chat.body.data[0].id]);
    expect((await api.list('?status=enabled&type=channel.raid')).status).toBe(400);

    // Another user or an app token sees none of them.
    const stranger = reader().api;
    expect((await stranger.list()).body.data).toEqual([]);
    const app = await helix(sim, sim.issueAppToken()).list();
    expect(app.body).toEqual({ data: [], total: 0, total_cost: 0, max_total_cost: 10_000, pagination: {} });
    expect((await stranger.remove(raid.body.data[0].id)).status).toBe(404);
    expect((await helix(sim, 'not-a-token').list()).status).toBe(401);
    // @twurple calls the root path when TWURPLE_MOCK_API_PORT is set: the same endpoint, behind the same gateway.
    const root = await fetch(`http://127.0.0.1:${sim.port}/eventsub/subscriptions?type=channel.raid`, {
      headers: { 'Client-Id': EMBEDDED_CLIENT_ID, Authorization: `Bearer ${token}` },
    });
    expect(root.headers.get('ratelimit-limit')).not.toBeNull();
    expect(((await root.json()) as HelixBody).data.map((subscription) => subscription.id)).toEqual([
      raid.body.data[0].id,
    ]);
    expect((await fetch(`http://127.0.0.1:${sim.port}/eventsub/subscriptions`)).status).toBe(401);

    expect((await api.remove(raid.body.data[0].id)).status).toBe(204);
    expect((await api.remove(raid.body.data[0].id)).status).toBe(404);
    expect((await api.call('DELETE')).status).toBe(400);
    expect((await api.list()).body).toMatchObject({ total: 1, total_cost: 0 });
  });

  it('refuses bad requests with 400 and unauthorized ones with 403, with Twitch-like messages', async () => {
    const { id } = await session();
    const api = viewer();
    const target = channel(busy).id;
    const refusal = async (reply: Promise<Reply>) => {
      const { status, body } = await reply;
      return [status, body.message];
    };
    const chat = { broadcaster_user_id: target, user_id: '9000001' };
    expect(
      await refusal(helix(sim, sim.issueAppToken()).subscribe(id, 'channel.chat.message', chat)),
    ).toEqual([400, 'invalid transport and auth combination']);
    expect(await refusal(api.subscribe(id, 'channel.follow', chat))).toEqual([
      400,
      'The combination of values in the type and version fields is not valid',
    ]);
    expect((await api.subscribe(id, 'channel.chat.message', chat, '2')).status).toBe(400);
    expect(await refusal(api.subscribe(id, 'channel.chat.message', { broadcaster_user_id: target }))).toEqual(
      [400, 'condition.user_id is required'],
    );
    const both = { from_broadcaster_user_id: target, to_broadcaster_user_id: channel(big).id };
    expect((await api.subscribe(id, 'channel.raid', both)).status).toBe(400);
    expect((await api.subscribe(id, 'channel.raid', {})).status).toBe(400);
    expect(await refusal(api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: '1' }))).toEqual([
      400,
      'The user specified in the condition object does not exist',
    ]);
    expect(await refusal(api.subscribe('no-such-session', 'channel.chat.message', chat))).toEqual([
      400,
      'websocket transport session does not exist or has already disconnected',
    ]);
    const webhook = { method: 'webhook', callback: 'https://example.com', secret: 'abcdefghijk' };
    expect(
      (await api.call('POST', '', { type: 'channel.raid', version: '1', condition: {}, transport: webhook }))
        .status,
    ).toBe(400);
    expect((await api.call('POST', '', 'not json')).status).toBe(400);

    // Chat is read as the token's user, with user:read:chat.
    expect(
      await refusal(
        api.subscribe(id, 'channel.chat.message', { broadcaster_user_id: target, user_id: '9000002' }),
      ),
    ).toEqual([403, 'subscription missing proper authorization']);
    const noScope = helix(sim, sim.issueUserToken('simviewer', ['chat:read']));
    expect(await refusal(noScope.subscribe(id, 'channel.chat.notification', chat))).toEqual([
      403,
      'subscription missing proper authorization',
    ]);
    // The session belongs to the user of its first subscription.
    expect((await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: target })).status).toBe(202);
    const mod = helix(sim, sim.issueUserToken('simmod', CHAT_SCOPES));
    expect((await mod.subscribe(id, 'channel.raid', { to_broadcaster_user_id: target })).status).toBe(403);
    // A closed session takes no more subscriptions.
    const { client, id: closedId } = await session();
    client.close();
    await client.waitClosed();
    await waitFor(async () => {
      const { status } = await api.subscribe(closedId, 'channel.raid', { from_broadcaster_user_id: target });
      return status === 400 ? status : undefined;
    }, 'a 400 for the closed session');
  });

  it('answers 409 for the same type, version and condition twice for one user, on any of their sessions', async () => {
    const [first, other] = [await session(), await session()];
    const api = viewer();
    const chat = { broadcaster_user_id: channel(busy).id, user_id: '9000001' };
    const created = await api.subscribe(first.id, 'channel.chat.message', chat);
    expect(created.status).toBe(202);
    const duplicate = await api.subscribe(other.id, 'channel.chat.message', chat);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toBe('subscription already exists');
    // Another type with the same condition, or another user with the same condition, is no duplicate.
    expect((await api.subscribe(first.id, 'channel.chat.notification', chat)).status).toBe(202);
    const raid = { to_broadcaster_user_id: channel(busy).id };
    expect((await api.subscribe(first.id, 'channel.raid', raid)).status).toBe(202);
    const mod = helix(sim, sim.issueUserToken('simmod'));
    expect((await mod.subscribe((await session()).id, 'channel.raid', raid)).status).toBe(202);
    // Once deleted, it may be created again.
    expect((await api.remove(created.body.data[0].id)).status).toBe(204);
    expect((await api.subscribe(other.id, 'channel.chat.message', chat)).status).toBe(202);
  });

  it('costs 0 for what the token user authorizes, 1 otherwise, up to max_total_cost 10', async () => {
    const { id } = await session();
    const own = channel(second);
    const api = helix(sim, sim.issueUserToken(own.login, CHAT_SCOPES));
    for (const [index, login] of others.slice(0, 10).entries()) {
      const reply = await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: channel(login).id });
      expect([reply.status, reply.body.data[0].cost, reply.body.total_cost]).toEqual([202, 1, index + 1]);
    }
    const over = await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: channel(others[10]).id });
    expect(over.status).toBe(429);
    expect(over.body.message).toMatch(/total cost/);
    // Raids into or out of the user's own channel, and chat read as themselves, cost nothing.
    const free = [
      await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: own.id }),
      await api.subscribe(id, 'channel.raid', { from_broadcaster_user_id: own.id }),
      await api.subscribe(id, 'channel.chat.message', {
        broadcaster_user_id: channel(big).id,
        user_id: own.id,
      }),
    ];
    expect(free.map(({ status, body }) => [status, body.data[0].cost])).toEqual([
      [202, 0],
      [202, 0],
      [202, 0],
    ]);
    expect((await api.list()).body).toMatchObject({ total: 13, total_cost: 10 });
    // Deleting a paid subscription makes room for another.
    const [first] = (await api.list('?type=channel.raid')).body.data;
    expect((await api.remove(first.id)).status).toBe(204);
    const again = await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: channel(others[10]).id });
    expect(again.status).toBe(202);
  });

  it('allows 3 connections with subscriptions per user and client; a dropped one frees its place', async () => {
    const api = viewer();
    const sessions = [await session(), await session(), await session(), await session()];
    const raid = (index: number) => ({ to_broadcaster_user_id: channel(others[index]).id });
    for (const [index, { id }] of sessions.slice(0, 3).entries()) {
      expect((await api.subscribe(id, 'channel.raid', raid(index))).status).toBe(202);
    }
    // More on a session that counts already is fine; a fourth session is not.
    expect((await api.subscribe(sessions[0].id, 'channel.raid', raid(3))).status).toBe(202);
    const fourth = await api.subscribe(sessions[3].id, 'channel.raid', raid(4));
    expect([fourth.status, fourth.body.message]).toEqual([
      429,
      'number of websocket transports limit exceeded',
    ]);
    // Another client of the same user has its own connections.
    sim.registerClient('other-client', 'other-secret');
    const otherClient = helix(sim, sim.issueUserToken('simviewer', [], 'other-client'), 'other-client');
    expect((await otherClient.subscribe(sessions[3].id, 'channel.raid', raid(4))).status).toBe(202);
    const fifth = await session();
    sessions[1].client.close();
    await waitFor(async () => {
      const { status } = await api.subscribe(fifth.id, 'channel.raid', raid(5));
      return status === 202 ? status : undefined;
    }, 'a place freed by the closed connection');
  });

  it('allows 300 enabled subscriptions per connection, and pages the list by 100', async () => {
    const { sim: own } = smallSimulator({ seed: 32 });
    const ownPort = await own.listen();
    const client = await EventSubClient.open(`ws://127.0.0.1:${ownPort}/ws`);
    try {
      const { id } = await client.welcome();
      // simmod moderates every channel: its chat subscriptions cost 0 and escape the concurrent join limit.
      const api = helix(own, own.issueUserToken('simmod', CHAT_SCOPES));
      const condition = (index: number) => ({
        broadcaster_user_id: own.world.channels[index].id,
        user_id: '9000002',
      });
      for (let index = 0; index < 150; index++) {
        for (const type of ['channel.chat.message', 'channel.chat.notification']) {
          const { status } = await api.subscribe(id, type, condition(index));
          expect(status).toBe(202);
        }
      }
      const over = await api.subscribe(id, 'channel.chat.message', condition(150));
      expect(over.status).toBe(429);
      expect(over.body.message).toMatch(/300 enabled subscriptions/);
      const other = await EventSubClient.open(`ws://127.0.0.1:${ownPort}/ws`);
      try {
        const { status } = await api.subscribe(
          (await other.welcome()).id,
          'channel.chat.message',
          condition(150),
        );
        expect(status).toBe(202);
      } finally {
        other.close();
      }
      const first = await api.list();
      expect(first.body).toMatchObject({ total: 301, total_cost: 0 });
      expect(first.body.data).toHaveLength(100);
      const cursor = first.body.pagination?.cursor as string;
      expect(cursor).toEqual(expect.any(String));
      const next = await api.list(`?after=${encodeURIComponent(cursor)}`);
      expect(next.body.data[0].id).not.toBe(first.body.data[0].id);
      expect(next.body.data).toHaveLength(100);
    } finally {
      client.close();
      await own.close();
    }
  });

  it('sends a channel.chat.message for every PRIVMSG IRC carries in the room, with the same ids', async () => {
    const { sim: own } = smallSimulator({ seed: 33 });
    const ownPort = await own.listen();
    const room = own.liveStreams()[3].userLogin;
    const broadcaster = own.world.findChannelByLogin(room)!;
    const client = await EventSubClient.open(`ws://127.0.0.1:${ownPort}/ws`);
    const irc = await RawIrcClient.open(ownPort);
    await irc.login('justinfan4711');
    try {
      const { id } = await client.welcome();
      const api = helix(own, own.issueUserToken('simviewer', CHAT_SCOPES));
      const created = await api.subscribe(id, 'channel.chat.message', {
        broadcaster_user_id: broadcaster.id,
        user_id: '9000001',
      });
      expect(created.status).toBe(202);
      await irc.join(room);
      for (let step = 0; step < 12; step++) own.advanceClock(10_000);
      await irc.settle();
      await client.waitFor(
        () => client.notifications().length === own.eventSub.notificationsSent || undefined,
      );

      const privmsgs = irc.lines
        .map((line) => parseIrcMessage(line)!)
        .filter((message) => message.command === 'PRIVMSG')
        .map((message) => [message.prefix!.split('!')[0], message.params[1], message.tags!.id]);
      const events = client.notifications().map(({ payload }) => payload.event!);
      expect(privmsgs.length).toBeGreaterThan(5);
      expect(
        events.map((event) => [
          event.chatter_user_login,
          (event.message as { text: string }).text,
          event.message_id,
        ]),
      ).toEqual(privmsgs);

      const [first] = client.notifications();
      expect(first.metadata).toEqual({
        message_id: expect.any(String),
        message_type: 'notification',
        message_timestamp: expect.any(String),
        subscription_type: 'channel.chat.message',
        subscription_version: '1',
      });
      // Wall-clock stamps, whatever the world's clock says: @twurple drops older ones.
      expect(Math.abs(Date.parse(first.metadata.message_timestamp) - Date.now())).toBeLessThan(60_000);
      expect(first.payload.subscription).toEqual({
        id: created.body.data[0].id,
        status: 'enabled',
        type: 'channel.chat.message',
        version: '1',
        cost: 0,
        condition: { broadcaster_user_id: broadcaster.id, user_id: '9000001' },
        transport: { method: 'websocket', session_id: id },
        created_at: created.body.data[0].created_at,
      });
      const text = (first.payload.event!.message as { text: string }).text;
      expect(first.payload.event).toEqual({
        broadcaster_user_id: broadcaster.id,
        broadcaster_user_login: broadcaster.login,
        broadcaster_user_name: broadcaster.displayName,
        chatter_user_id: expect.stringMatching(/^\d+$/),
        chatter_user_login: privmsgs[0][0],
        chatter_user_name: expect.any(String),
        message_id: privmsgs[0][2],
        message: { text, fragments: [{ type: 'text', text, cheermote: null, emote: null, mention: null }] },
        color: '',
        badges: [],
        message_type: 'text',
        cheer: null,
        reply: null,
        channel_points_custom_reward_id: null,
        source_broadcaster_user_id: null,
        source_broadcaster_user_login: null,
        source_broadcaster_user_name: null,
        source_message_id: null,
        source_badges: null,
      });
    } finally {
      client.close();
      irc.close();
      await own.close();
    }
  });

  it('generates chat for a room read only over EventSub, and stops when the subscription goes', async () => {
    const { sim: own } = smallSimulator({ seed: 34 });
    const ownPort = await own.listen();
    const room = own.world.findChannelByLogin(own.liveStreams()[2].userLogin)!;
    const client = await EventSubClient.open(`ws://127.0.0.1:${ownPort}/ws`);
    try {
      const api = helix(own, own.issueUserToken('simviewer', CHAT_SCOPES));
      const { id } = await client.welcome();
      const created = await api.subscribe(id, 'channel.chat.message', {
        broadcaster_user_id: room.id,
        user_id: '9000001',
      });
      for (let step = 0; step < 12; step++) own.advanceClock(10_000);
      expect(own.eventSub.notificationsSent).toBeGreaterThan(0);
      expect((await api.remove(created.body.data[0].id)).status).toBe(204);
      const sent = own.eventSub.notificationsSent;
      const logged = own.audience.log.end;
      for (let step = 0; step < 6; step++) own.advanceClock(10_000);
      expect(own.eventSub.notificationsSent).toBe(sent);
      // Nobody reads the room any more: its audience no longer chats.
      const messages: number[] = [];
      for (let seq = logged; seq < own.audience.log.end; seq++) {
        const { log } = own.audience;
        if (log.kind(seq) === AUDIENCE_MESSAGE && log.channel(seq) === room.index) messages.push(seq);
      }
      expect(messages).toEqual([]);
    } finally {
      client.close();
      await own.close();
    }
  });

  it('sends raids as channel.chat.notification into the room and channel.raid from and to', async () => {
    const { client, id } = await session();
    const api = viewer();
    const [raider, target] = [channel(big), channel(busy)];
    const subscribed = [
      await api.subscribe(id, 'channel.chat.notification', {
        broadcaster_user_id: target.id,
        user_id: '9000001',
      }),
      await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: target.id }),
      await api.subscribe(id, 'channel.raid', { from_broadcaster_user_id: raider.id }),
      await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: channel(second).id }),
    ];
    expect(subscribed.map(({ status }) => status)).toEqual([202, 202, 202, 202]);
    const before = sim.eventSub.notificationsSent;
    sim.raid(raider.login, target.login);
    expect(sim.eventSub.notificationsSent - before).toBe(3);
    await client.waitFor(() => client.notifications().length >= 3 || undefined);
    const byId = (index: number) =>
      client
        .notifications()
        .filter(({ payload }) => payload.subscription!.id === subscribed[index].body.data[0].id);
    const [notice] = byId(0);
    expect(notice.metadata.subscription_type).toBe('channel.chat.notification');
    const viewers = (notice.payload.event!.raid as { viewer_count: number }).viewer_count;
    expect(viewers).toBeGreaterThan(0);
    expect(notice.payload.event).toMatchObject({
      broadcaster_user_id: target.id,
      broadcaster_user_login: target.login,
      broadcaster_user_name: target.displayName,
      chatter_user_id: raider.id,
      chatter_user_login: raider.login,
      chatter_user_name: raider.displayName,
      notice_type: 'raid',
      system_message: `${viewers} raiders from ${raider.displayName} have joined!`,
      message: { text: '', fragments: [] },
      message_id: expect.any(String),
      raid: {
        user_id: raider.id,
        user_login: raider.login,
        user_name: raider.displayName,
        viewer_count: viewers,
        profile_image_url: '',
      },
      sub: null,
      resub: null,
      sub_gift: null,
      announcement: null,
      source_broadcaster_user_id: null,
    });
    const raidEvent = {
      from_broadcaster_user_id: raider.id,
      from_broadcaster_user_login: raider.login,
      from_broadcaster_user_name: raider.displayName,
      to_broadcaster_user_id: target.id,
      to_broadcaster_user_login: target.login,
      to_broadcaster_user_name: target.displayName,
      viewers,
    };
    expect(byId(1).map(({ payload }) => payload.event)).toEqual([raidEvent]);
    expect(byId(2).map(({ payload }) => payload.event)).toEqual([raidEvent]);
    expect(byId(3)).toEqual([]);
  });

  it('shares Twitch’s concurrent join limit with IRC; moderated channels do not count', async () => {
    const { sim: own } = smallSimulator({ seed: 35, concurrentChannelLimit: 3 });
    const ownPort = await own.listen();
    const logins = own.world.channels.slice(0, 6).map((channel) => channel.login);
    const idOf = (login: string) => own.world.findChannelByLogin(login)!.id;
    const token = own.issueUserToken('simviewer', CHAT_SCOPES);
    const irc = await RawIrcClient.open(ownPort);
    await irc.login('simviewer', token);
    const client = await EventSubClient.open(`ws://127.0.0.1:${ownPort}/ws`);
    try {
      const { id } = await client.welcome();
      const api = helix(own, token);
      const chat = (login: string) =>
        api.subscribe(id, 'channel.chat.message', { broadcaster_user_id: idOf(login), user_id: '9000001' });
      expect(await irc.join(logins[0])).toContain('ROOMSTATE');
      expect(await irc.join(logins[1])).toContain('ROOMSTATE');
      const third = await chat(logins[2]);
      expect(third.status).toBe(202);
      const refused = await chat(logins[3]);
      expect(refused.status).toBe(429);
      expect(refused.body.message).toMatch(/concurrent join limit/);
      // Over IRC too, the fourth channel is refused.
      expect(await irc.join(logins[4])).toContain('msg_concurrent_channel_limit_reached');
      // A channel already joined over IRC takes no new place; notifications in the room need no place.
      expect((await chat(logins[0])).status).toBe(202);
      const notice = { broadcaster_user_id: idOf(logins[3]), user_id: '9000001' };
      expect((await api.subscribe(id, 'channel.chat.notification', notice)).status).toBe(202);
      // A channel the user moderates does not count.
      own.setModerator('simviewer', logins[5]);
      expect((await chat(logins[5])).status).toBe(202);
      // Deleting the subscription frees the place, for IRC as well.
      expect((await api.remove(third.body.data[0].id)).status).toBe(204);
      expect(await irc.join(logins[4])).toContain(`ROOMSTATE #${logins[4]}`);
      expect((await chat(logins[3])).status).toBe(429);
      // A PART frees the place for EventSub.
      irc.send(`PART #${logins[4]}`);
      await irc.waitFor((line) => line.includes(` PART #${logins[4]}`));
      expect((await chat(logins[3])).status).toBe(202);
      // A dropped connection frees its subscriptions' places.
      own.dropEventSubConnections();
      expect(await irc.join(logins[2])).toContain(`ROOMSTATE #${logins[2]}`);
    } finally {
      client.close();
      irc.close();
      await own.close();
    }
  });

  it('moves a session to its reconnect URL with the same id and subscriptions', async () => {
    const { client: old, id } = await session();
    const { api } = reader();
    const [raider, target] = [channel(second), channel(busy)];
    const created = await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: target.id });
    expect(created.status).toBe(202);
    sim.reconnectEventSub();
    const reconnect = await old.waitFor(() => old.of('session_reconnect')[0]);
    const url = reconnect.payload.session!.reconnect_url as string;
    expect(reconnect.payload.session).toEqual({
      id,
      status: 'reconnecting',
      connected_at: expect.any(String),
      keepalive_timeout_seconds: null,
      reconnect_url: expect.stringMatching(
        new RegExp(`^ws://127\\.0\\.0\\.1:${port}/ws\\?reconnect=[\\w-]+$`),
      ),
      recovery_url: null,
    });
    const moved = await connect(url.replace(`ws://127.0.0.1:${port}/ws`, ''));
    expect((await moved.welcome()).id).toBe(id);
    old.close();
    await old.waitClosed();
    sim.raid(raider.login, target.login);
    const [notification] = await moved.waitFor(() =>
      moved.notifications().length > 0 ? moved.notifications() : undefined,
    );
    expect(notification.payload.subscription).toMatchObject({
      id: created.body.data[0].id,
      status: 'enabled',
    });
    expect(old.notifications()).toEqual([]);
    const [listed] = (await api.list()).body.data;
    expect(listed).toMatchObject({ status: 'enabled', transport: { session_id: id } });
    // A reconnect URL serves once.
    const replay = await connect(url.replace(`ws://127.0.0.1:${port}/ws`, ''));
    expect(await replay.waitClosed()).toEqual({ code: 4007, reason: 'invalid reconnect attempt' });
  });

  it('closes a connection whose client never reconnects with 4004 after the grace period', async () => {
    const { sim: own } = smallSimulator({ seed: 36, eventSubReconnectGraceMs: 30 });
    const ownPort = await own.listen();
    const client = await EventSubClient.open(`ws://127.0.0.1:${ownPort}/ws`);
    try {
      const { id } = await client.welcome();
      const api = helix(own, own.issueUserToken('simviewer'));
      const target = own.world.findChannelByLogin(own.liveStreams()[0].userLogin)!;
      expect((await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: target.id })).status).toBe(
        202,
      );
      own.reconnectEventSub();
      expect(await client.waitClosed()).toEqual({
        code: 4004,
        reason: 'client reconnect grace time expired',
      });
      const [listed] = (await api.list()).body.data;
      expect(listed.status).toBe('websocket_failed_to_reconnect');
    } finally {
      client.close();
      await own.close();
    }
  });

  it('disables the subscriptions of a dropped connection: listed, free, and never notified', async () => {
    const { client, id } = await session();
    const { id: userId, api } = reader();
    const target = channel(busy);
    const chat = { broadcaster_user_id: target.id, user_id: userId };
    expect((await api.subscribe(id, 'channel.chat.message', chat)).status).toBe(202);
    expect((await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: target.id })).status).toBe(202);
    const control = await fetch(`http://127.0.0.1:${port}/sim/control`, {
      method: 'POST',
      body: JSON.stringify({ action: 'dropEventSubConnections' }),
    });
    expect(control.status).toBe(200);
    await client.waitClosed();
    const listed = await api.list();
    expect(listed.body).toMatchObject({ total: 2, total_cost: 0 });
    expect(listed.body.data.map(({ status }) => status)).toEqual([
      'websocket_disconnected',
      'websocket_disconnected',
    ]);
    expect(listed.body.data[0].transport.disconnected_at).toEqual(expect.any(String));
    const before = sim.eventSub.notificationsSent;
    sim.raid(big, busy);
    expect(sim.eventSub.notificationsSent).toBe(before);
    // The client subscribes again on a new session: no duplicate, no cost left over.
    const again = await session();
    expect((await api.subscribe(again.id, 'channel.chat.message', chat)).status).toBe(202);
    expect(sim.state().eventSub).toMatchObject({ sessions: 1, enabledSubscriptions: 1 });
  });

  it('revokes a user’s subscriptions with a revocation message each', async () => {
    const { client, id } = await session();
    const { id: userId, login, api } = reader();
    const target = channel(busy);
    const created = [
      await api.subscribe(id, 'channel.chat.message', { broadcaster_user_id: target.id, user_id: userId }),
      await api.subscribe(id, 'channel.raid', { to_broadcaster_user_id: target.id }),
    ];
    const { login: otherLogin, api: mod } = reader();
    expect(
      (await mod.subscribe((await session()).id, 'channel.raid', { to_broadcaster_user_id: target.id }))
        .status,
    ).toBe(202);
    expect(sim.revokeEventSub(login)).toBe(2);
    await client.waitFor(() => (client.of('revocation').length === 2 ? true : undefined));
    const [revocation] = client.of('revocation');
    expect(revocation.metadata).toMatchObject({
      message_type: 'revocation',
      subscription_type: 'channel.chat.message',
      subscription_version: '1',
    });
    expect(revocation.payload).toEqual({
      subscription: {
        id: created[0].body.data[0].id,
        status: 'authorization_revoked',
        type: 'channel.chat.message',
        version: '1',
        cost: 0,
        condition: { broadcaster_user_id: target.id, user_id: userId },
        transport: { method: 'websocket', session_id: id },
        created_at: created[0].body.data[0].created_at,
      },
    });
    expect((await api.list()).body.data).toEqual([]);
    expect((await mod.list()).body.data.map(({ status }) => status)).toEqual(['enabled']);
    const control = (body: unknown) =>
      fetch(`http://127.0.0.1:${port}/sim/control`, { method: 'POST', body: JSON.stringify(body) });
    const bad = await control({ action: 'revokeEventSub', login: otherLogin, status: 'bored' });
    expect(bad.status).toBe(400);
    const good = await control({ action: 'revokeEventSub', login: otherLogin, status: 'user_removed' });
    expect(await good.json()).toEqual({ ok: true, action: 'revokeEventSub', revoked: 1 });
  });

  it('routes /ws upgrades to EventSub and every other path to IRC chat', () => {
    expect(isEventSubUpgrade('/ws')).toBe(true);
    expect(isEventSubUpgrade('/ws?keepalive_timeout_seconds=30')).toBe(true);
    expect(isEventSubUpgrade('/ws/')).toBe(true);
    expect(isEventSubUpgrade('/:80')).toBe(false);
    expect(isEventSubUpgrade('/wss')).toBe(false);
    expect(isEventSubUpgrade(undefined)).toBe(false);
    expect([null, '10', '600', '12.4', '0', '-3', '601', 'x', ''].map(parseKeepaliveSeconds)).toEqual([
      10,
      10,
      600,
      12,
      10,
      10,
      600,
      undefined,
      undefined,
    ]);
  });
});

describe('closing an unused EventSub connection', () => {
  it('closes a connection without a subscription with 4003 after the unused delay', async () => {
    const { sim } = smallSimulator({ seed: 37, eventSubUnusedConnectionMs: 20 });
    const port = await sim.listen();
    const client = await EventSubClient.open(`ws://127.0.0.1:${port}/ws`);
    try {
      await client.welcome();
      expect(await client.waitClosed()).toEqual({ code: 4003, reason: 'connection unused' });
      expect(sim.state().eventSub.sessions).toBe(0);
    } finally {
      client.close();
      await sim.close();
    }
  });
});

describe('EventSubSession timers (wall clock, driven by a ManualClock here)', () => {
  const sent: WireMessage[] = [];
  const closes: number[] = [];
  const transport: EventSubTransport = {
    send: (text) => sent.push(JSON.parse(text) as WireMessage),
    close: (code) => closes.push(code),
  };
  const types = () => sent.map((message) => message.metadata.message_type);
  const build = (clock: ManualClock, unused: EventSubSession[] = []) =>
    new EventSubSession(transport, {
      keepaliveSeconds: 10,
      unusedMs: 10_000,
      timers: clock,
      onUnused: (session) => unused.push(session),
    });

  afterEach(() => {
    sent.length = 0;
    closes.length = 0;
  });

  it('sends session_keepalive after keepalive_timeout_seconds of silence, counted from the last message', () => {
    const clock = new ManualClock();
    const session = build(clock);
    session.welcome();
    clock.advance(9_999);
    expect(types()).toEqual(['session_welcome']);
    clock.advance(1);
    expect(types()).toEqual(['session_welcome', 'session_keepalive']);
    clock.advance(5_000);
    session.send({
      metadata: { message_id: 'm', message_type: 'notification', message_timestamp: '' },
      payload: {},
    });
    clock.advance(9_999);
    expect(types()).toEqual(['session_welcome', 'session_keepalive', 'notification']);
    clock.advance(1);
    expect(types()).toEqual(['session_welcome', 'session_keepalive', 'notification', 'session_keepalive']);
    clock.advance(10_000);
    expect(types().filter((type) => type === 'session_keepalive')).toHaveLength(3);
    // While reconnecting, keepalives stop; once moved, they start again on the new connection.
    session.beginReconnect('ws://127.0.0.1:1/ws?reconnect=x');
    clock.advance(60_000);
    expect(types().at(-1)).toBe('session_reconnect');
    session.moveTo(transport);
    clock.advance(10_000);
    expect(types().slice(-2)).toEqual(['session_welcome', 'session_keepalive']);
    session.stopTimers();
    clock.advance(60_000);
    expect(types().at(-1)).toBe('session_keepalive');
    expect(closes).toEqual([]);
  });

  it('reports a session still without a subscription after the unused delay, and only such a session', () => {
    const clock = new ManualClock();
    const unused: EventSubSession[] = [];
    const idle = build(clock, unused);
    const used = build(clock, unused);
    idle.welcome();
    used.welcome();
    used.subscriptions.add({} as EventSubSubscription);
    clock.advance(9_999);
    expect(unused).toEqual([]);
    clock.advance(1);
    expect(unused).toEqual([idle]);
  });
});
