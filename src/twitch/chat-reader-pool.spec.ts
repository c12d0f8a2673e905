import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '../../test/support/wait-for';
import { ManualClock } from '../common/clock';
import type { TwitchConfig } from '../config';
import { EMBEDDED_CLIENT_ID, EMBEDDED_CLIENT_SECRET } from '../simulator/auth-tokens';
import { TwitchSimulator } from '../simulator/simulator-server';
import { ChatReaderPool } from './chat-reader-pool';
import { ModeratorCredentials, ConfiguredTokenCredentials } from './moderator-credentials';
import { TwitchCalls } from './twitch-calls';
import { CHAT_CHANNEL_LIMIT, ChatJoinRefusedError } from './twitch-chat.port';
import { TwurpleChatAdapter } from './twurple-chat.adapter';

const config = {
  clientId: EMBEDDED_CLIENT_ID,
  clientSecret: EMBEDDED_CLIENT_SECRET,
  timeoutMs: 10_000,
} as TwitchConfig;

describe('ChatReaderPool over IRC against the simulator', () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 6, 12));
  // Twitch's limit is 100; three keeps the test short.
  const simulator = new TwitchSimulator({
    seed: 5,
    clock,
    channels: 300,
    audienceScale: 0.2,
    concurrentChannelLimit: 3,
  });
  const savedPort = process.env.TWURPLE_MOCK_API_PORT;
  const pools: ChatReaderPool[] = [];
  /** Offline broadcasters stand in for reader accounts (the simulator's users are its broadcasters). */
  const accounts = simulator.world.channels.filter((channel) => !simulator.world.isLive(channel));
  let rooms: string[];

  const reader = (scopes: string[]) => {
    const account = accounts.pop()!;
    const grant = simulator.issueUserGrant(account.login, scopes);
    return {
      login: account.login,
      chat: new TwurpleChatAdapter(
        config,
        clock,
        new ConfiguredTokenCredentials({ ...grant, origin: `reader ${account.login}` }),
        new TwitchCalls(config),
      ),
    };
  };
  /** The moderator has no token here: the first reader is an anonymous connection, as in that setting. */
  const anonymous = () =>
    new TwurpleChatAdapter(config, clock, new ModeratorCredentials(config), new TwitchCalls(config));
  const pool = (...chats: TwurpleChatAdapter[]) => {
    const created = new ChatReaderPool(chats);
    pools.push(created);
    return created;
  };

  beforeAll(async () => {
    process.env.TWURPLE_MOCK_API_PORT = String(await simulator.listen());
    rooms = simulator
      .liveStreams()
      .slice(0, 8)
      .map((stream) => stream.userLogin);
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((created) => created.disconnect()));
    await waitFor(() => simulator.state().audience.chatConnections === 0, 'the readers to leave');
  });
  afterAll(async () => {
    await simulator.close();
    process.env.TWURPLE_MOCK_API_PORT = savedPort;
  });

  it('adds each reader’s channels: two users read six rooms where one reads three, then Twitch says no', async () => {
    const second = reader(['chat:read']);
    const chat = pool(anonymous(), second.chat);
    expect(chat.channelCapacity).toBe(2 * CHAT_CHANNEL_LIMIT);
    await chat.connect();
    for (const room of rooms.slice(0, 6)) await chat.join(room, 'membership');
    // Each reader was refused its fourth room by Twitch and the pool passed it on: none is lost.
    const error = await chat.join(rooms[6], 'membership').catch((refusal: unknown) => refusal);
    expect(error).toBeInstanceOf(ChatJoinRefusedError);
    expect((error as ChatJoinRefusedError).refusal).toBe('CHANNEL_LIMIT');

    // A room parted frees its reader's place for the next one.
    chat.part(rooms[0]);
    await waitFor(async () => {
      await chat.join(rooms[6], 'membership');
      return true;
    }, `the join of ${rooms[6]} once a place is free`);
  });

  it('puts a room its reader moderates on that reader, beyond the limit', async () => {
    const moderator = reader(['chat:read', 'user:read:moderated_channels']);
    for (const room of rooms.slice(0, 4)) simulator.setModerator(moderator.login, room);
    const chat = pool(anonymous(), moderator.chat);
    await chat.connect();
    expect([...chat.exemptChannels].sort()).toEqual(rooms.slice(0, 4).sort());
    // Four moderated rooms on the moderator, free of its limit; seven rooms for two readers limited to three.
    for (const room of rooms.slice(0, 7)) await chat.join(room, 'membership');
    expect(simulator.chatChannelsOf(moderator.login)).toEqual(expect.arrayContaining(rooms.slice(0, 4)));
    expect(simulator.chatChannelsOf(moderator.login).length).toBeGreaterThan(4);
  });

  it('leaves out a reader that cannot read chat and goes on with the others', async () => {
    const withoutScope = reader([]);
    const chat = pool(anonymous(), withoutScope.chat);
    await chat.connect();
    expect(chat.channelCapacity).toBe(CHAT_CHANNEL_LIMIT);
    await chat.join(rooms[0], 'membership');
    expect(chat.connected).toBe(true);
  });

  it('connects a reader lent while chat runs, and gives it the rooms the others have no place for', async () => {
    const chat = pool(anonymous());
    await chat.connect();
    for (const room of rooms.slice(0, 3)) await chat.join(room, 'membership');
    await expect(chat.join(rooms[3], 'membership')).rejects.toBeInstanceOf(ChatJoinRefusedError);
    const lent = reader(['chat:read']);
    await chat.addReader(lent.chat);
    expect(chat.channelCapacity).toBe(2 * CHAT_CHANNEL_LIMIT);
    await chat.join(rooms[3], 'membership');
    expect(simulator.chatChannelsOf(lent.login)).toEqual([rooms[3]]);
  });
});
