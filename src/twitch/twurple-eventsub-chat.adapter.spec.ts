import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider } from '@twurple/auth';
import { EventWaiters } from '../../test/support/event-waiters';
import { waitFor } from '../../test/support/wait-for';
import { ManualClock } from '../common/clock';
import type { TwitchConfig } from '../config';
import { EMBEDDED_CLIENT_ID, EMBEDDED_CLIENT_SECRET } from '../simulator/auth-tokens';
import { TwitchSimulator } from '../simulator/simulator-server';
import { TrackingEngine } from '../tracker/tracking-engine';
import { ModeratorCredentials } from './moderator-credentials';
import { TwitchCalls } from './twitch-calls';
import { ChatJoinRefusedError, type ChatPresenceEvent, type TwitchChatPort } from './twitch-chat.port';
import { TwurpleChatAdapter } from './twurple-chat.adapter';
import { TwurpleEventSubChatAdapter } from './twurple-eventsub-chat.adapter';
import { TwurpleUsersAdapter } from './twurple-users.adapter';
import { MembershipAndEventSubChat } from './membership-and-eventsub-chat';

const S = 1000;
const config = {
  clientId: EMBEDDED_CLIENT_ID,
  clientSecret: EMBEDDED_CLIENT_SECRET,
  timeoutMs: 10_000,
} as TwitchConfig;

/** What an adapter reported, and a way to wait for it without waiting on time. */
class Recorded {
  readonly events: ChatPresenceEvent[] = [];
  private readonly waiters = new EventWaiters();

  constructor(chat: TwitchChatPort) {
    chat.subscribe((event) => {
      this.events.push(event);
      this.waiters.wake();
    });
  }

  of(kind: ChatPresenceEvent['kind']): ChatPresenceEvent[] {
    return this.events.filter((event) => event.kind === kind);
  }

  until(test: () => boolean, what: string): Promise<true> {
    return this.waiters.until(
      () => test() || undefined,
      10_000,
      () => what,
    );
  }
}

describe('TwurpleEventSubChatAdapter against the simulator', () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 6, 12));
  const simulator = new TwitchSimulator({
    seed: 7,
    clock,
    channels: 300,
    audienceScale: 0.2,
    // Twitch's is 100; three keeps the test short. The EventSub reader does not moderate these channels.
    concurrentChannelLimit: 3,
  });
  const savedPort = process.env.TWURPLE_MOCK_API_PORT;
  const eventSubReader = (scopes = ['user:read:chat']) => {
    const credentials = new ModeratorCredentials(config);
    credentials.use({ ...simulator.issueUserGrant('simviewer', scopes), origin: 'test' });
    const calls = new TwitchCalls(config);
    const appApi = new ApiClient({
      authProvider: new AppTokenAuthProvider(config.clientId, config.clientSecret),
    });
    return new TwurpleEventSubChatAdapter(
      config,
      clock,
      credentials,
      calls,
      new TwurpleUsersAdapter(appApi, calls),
    );
  };
  let rooms: string[];

  beforeAll(async () => {
    process.env.TWURPLE_MOCK_API_PORT = String(await simulator.listen());
    // Busy rooms, so that minutes of chat hold some switches between them.
    rooms = simulator
      .liveStreams()
      .slice(3, 6)
      .map((stream) => stream.userLogin);
  });

  // A reader's places in its rooms are freed when the simulator sees its connection close.
  beforeEach(() => waitFor(() => simulator.state().eventSub.connections === 0, 'the last reader to leave'));

  afterAll(async () => {
    await simulator.close();
    process.env.TWURPLE_MOCK_API_PORT = savedPort;
  });

  it('yields the same ACTIVITY migrations as IRC chat from the same messages, and raids', async () => {
    const irc = new TwurpleChatAdapter(
      config,
      clock,
      new ModeratorCredentials(config),
      new TwitchCalls(config),
    );
    const eventSub = eventSubReader();
    const [byIrc, byEventSub] = [new Recorded(irc), new Recorded(eventSub)];
    const engines = [irc, eventSub].map((chat) => {
      const engine = new TrackingEngine({ activityTtlMs: 120 * S, windowMs: 300 * S });
      chat.subscribe((event) => {
        if (event.kind === 'message') engine.applyMessage(event.channel, event.login, event.at);
        if (event.kind === 'raid') engine.applyRaid(event.fromLogin, event.channel, event.at);
      });
      return engine;
    });
    try {
      await Promise.all([irc.connect(), eventSub.connect()]);
      for (const room of rooms) await Promise.all([irc.join(room), eventSub.join(room)]);
      const ircMessages = () => byIrc.of('message').length;
      const eventSubMessages = () => byEventSub.of('message').length;
      for (let minute = 0; minute < 20; minute++) {
        for (let step = 0; step < 6; step++) simulator.advanceClock(10 * S);
        // Every line of the minute is in before time moves on, so both stamp it with the same time.
        await byEventSub.until(
          () => eventSubMessages() === simulator.eventSub.notificationsSent,
          'the EventSub notifications',
        );
        await byIrc.until(() => ircMessages() === eventSubMessages(), 'the same messages over IRC');
        for (const engine of engines) engine.advance(clock.now());
      }
      simulator.raid(simulator.liveStreams()[0].userLogin, rooms[0]);
      await byEventSub.until(() => byEventSub.of('raid').length === 1, 'the raid notification');
      expect(byEventSub.of('raid')[0]).toMatchObject({
        channel: rooms[0],
        fromLogin: simulator.liveStreams()[0].userLogin,
      });

      const migrations = engines.map((engine) =>
        engine.settle().map((m) => `${m.login}:${m.fromChannel}>${m.toChannel}@${m.leftAt},${m.joinedAt}`),
      );
      expect(eventSubMessages()).toBeGreaterThan(100);
      expect(migrations[1].length).toBeGreaterThan(0);
      expect(migrations[1]).toEqual(migrations[0]);
    } finally {
      await Promise.all([irc.disconnect(), eventSub.disconnect()]);
    }
  }, 60_000);

  it('keeps its subscriptions through a session_reconnect and a dropped socket', async () => {
    const chat = eventSubReader();
    const recorded = new Recorded(chat);
    const room = rooms[0];
    const raiders = simulator
      .liveStreams()
      .map((stream) => stream.userLogin)
      .filter((login) => login !== room);
    const raidsInto = () => recorded.of('raid').filter((event) => event.channel === room).length;
    try {
      await chat.connect();
      await chat.join(room);
      simulator.raid(raiders[0], room);
      await recorded.until(() => raidsInto() === 1, 'a raid before the reconnect');
      simulator.reconnectEventSub();
      // @twurple comes to the new URL, then closes the old connection itself.
      await waitFor(
        () => expect(simulator.state().eventSub).toMatchObject({ reconnecting: 0, connections: 1 }) ?? true,
        'the reconnect to complete',
      );
      expect(simulator.state().eventSub.enabledSubscriptions).toBe(2);
      simulator.raid(raiders[1], room);
      await recorded.until(() => raidsInto() === 2, 'a raid after the reconnect');
      simulator.dropEventSubConnections();
      // @twurple reconnects and subscribes again; the raid comes once the room is subscribed anew.
      await waitFor(
        () => expect(simulator.state().eventSub).toMatchObject({ enabledSubscriptions: 2 }) ?? true,
        'the subscriptions made again after the drop',
      );
      simulator.raid(raiders[2], room);
      await recorded.until(() => raidsInto() === 3, 'a raid after the drop');
    } finally {
      await chat.disconnect();
    }
  }, 30_000);

  it("rejects a join over the reader's concurrent-channel limit, and a token without user:read:chat", async () => {
    const chat = eventSubReader();
    try {
      await chat.connect();
      const channels = simulator
        .liveStreams()
        .slice(10, 14)
        .map((stream) => stream.userLogin);
      for (const channel of channels.slice(0, 3)) await chat.join(channel);
      const refused = await chat.join(channels[3]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ChatJoinRefusedError);
      expect(refused).toMatchObject({ channel: channels[3], refusal: 'CHANNEL_LIMIT' });
      chat.part(channels[0]);
      // Leaving deletes the room's subscriptions (and the refused join's other one) in the background.
      await waitFor(
        () => expect(simulator.state().eventSub).toMatchObject({ enabledSubscriptions: 4 }) ?? true,
        'the deletions',
      );
      await expect(chat.join(channels[3])).resolves.toBeUndefined();
    } finally {
      await chat.disconnect();
    }
    await expect(eventSubReader(['chat:read']).connect()).rejects.toThrow('needs the user:read:chat scope');
  }, 30_000);

  it('reads rooms for membership over IRC and the others over EventSub as one user, within one limit', async () => {
    const credentials = new ModeratorCredentials(config);
    credentials.use({
      ...simulator.issueUserGrant('simviewer', ['user:read:chat', 'chat:read']),
      origin: 'test',
    });
    const calls = new TwitchCalls(config);
    const appApi = new ApiClient({
      authProvider: new AppTokenAuthProvider(config.clientId, config.clientSecret),
    });
    const chat = new MembershipAndEventSubChat(
      new TwurpleChatAdapter(config, clock, credentials, calls),
      new TwurpleEventSubChatAdapter(
        config,
        clock,
        credentials,
        calls,
        new TwurpleUsersAdapter(appApi, calls),
      ),
    );
    const recorded = new Recorded(chat);
    const [small, big, third, fourth] = simulator
      .liveStreams()
      .slice(20, 24)
      .map((stream) => stream.userLogin);
    try {
      await chat.connect();
      expect(chat.readsMembership).toBe(true);
      await chat.join(small, 'membership');
      await chat.join(big, 'messages');
      await recorded.until(
        () => recorded.of('names').some((event) => event.channel === small),
        'the NAMES list of the room read over IRC',
      );
      // The room read for messages is two EventSub subscriptions and no IRC room.
      expect(simulator.state().eventSub.enabledSubscriptions).toBe(2);
      expect(recorded.of('names').some((event) => event.channel === big)).toBe(false);
      expect(simulator.chatChannelsOf('simviewer').sort()).toEqual([small, big].sort());
      // Twitch counts both transports against one limit (three here).
      await chat.join(third, 'membership');
      await expect(chat.join(fourth, 'messages')).rejects.toBeInstanceOf(ChatJoinRefusedError);
      for (let step = 0; step < 30; step++) simulator.advanceClock(10 * S);
      await recorded.until(
        () => recorded.of('message').some((event) => event.channel === big),
        'a message of the room read over EventSub',
      );
    } finally {
      await chat.disconnect();
    }
  }, 30_000);
});
