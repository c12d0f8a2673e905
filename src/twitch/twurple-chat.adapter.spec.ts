import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventWaiters } from '../../test/support/event-waiters';
import { ManualClock, SystemClock } from '../common/clock';
import type { TwitchConfig } from '../config';
import { TwitchSimulator } from '../simulator/simulator-server';
import { ModeratorCredentials } from './moderator-credentials';
import { TwitchCalls } from './twitch-calls';
import { ChatJoinRefusedError, type ChatPresenceEvent } from './twitch-chat.port';
import { TwitchRequestError } from './twitch-request-error';
import { TwurpleChatAdapter } from './twurple-chat.adapter';

/** The events an adapter reports, and a way to wait for one as they arrive. */
class RecordedEvents {
  readonly events: ChatPresenceEvent[] = [];
  private readonly waiters = new EventWaiters();

  constructor(chat: TwurpleChatAdapter) {
    chat.subscribe((event) => {
      this.events.push(event);
      this.waiters.wake();
    });
  }

  /** What `probe` finds in the events, checked after every event. */
  waitFor<T>(probe: (events: readonly ChatPresenceEvent[]) => T | undefined, timeoutMs = 10_000): Promise<T> {
    return this.waiters.until(
      () => probe(this.events),
      timeoutMs,
      () => 'a chat event',
    );
  }
}

/** Wired by hand as the TwitchModule wires it; credentials from the config unless given. */
function chatAdapter(
  config: TwitchConfig,
  credentials = new ModeratorCredentials(config),
): TwurpleChatAdapter {
  return new TwurpleChatAdapter(config, new SystemClock(), credentials, new TwitchCalls(config));
}

describe('TwurpleChatAdapter against the simulator', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
  const simulator = new TwitchSimulator({
    seed: 3,
    clock,
    channels: 400,
    audienceScale: 0.05,
    membershipBatchMs: 1_000,
    // Twitch's is 100; two keeps the test short. The moderator reading below is exempt everywhere.
    concurrentChannelLimit: 2,
  });
  let recorded: RecordedEvents;
  let chat: TwurpleChatAdapter;
  let small: string;
  let other: string;
  const savedPort = process.env.TWURPLE_MOCK_API_PORT;

  beforeAll(async () => {
    process.env.TWURPLE_MOCK_API_PORT = String(await simulator.listen());
    const live = simulator.liveStreams();
    // A room well under 1000 users, where Twitch sends membership events, yet busy enough to change.
    small = live[Math.floor(live.length / 10)].userLogin;
    other = live[live.length - 1].userLogin;
    chat = chatAdapter({ clientId: 'x', clientSecret: 'y', timeoutMs: 10_000 } as TwitchConfig);
    recorded = new RecordedEvents(chat);
    await chat.connect();
  });

  afterAll(async () => {
    await chat?.disconnect();
    await simulator.close();
    process.env.TWURPLE_MOCK_API_PORT = savedPort;
  });

  it('joins a channel and reads its NAMES list as one complete event', async () => {
    await chat.join(small);
    const names = await recorded.waitFor((events) =>
      events.find((e) => e.kind === 'names' && e.channel === small),
    );
    expect(names.kind === 'names' && names.logins.length).toBeGreaterThan(0);
  });

  it('reports membership JOIN/PART of other users as the room changes', async () => {
    const { events } = recorded;
    const membership = () =>
      events.some((e) => (e.kind === 'join' || e.kind === 'part') && e.channel === small);
    for (let i = 0; i < 30 && !membership(); i += 1) {
      simulator.advanceClock(60_000);
      // This adapter is the only chat client, and it reports one event per presence line the server sent.
      await recorded.waitFor(() => (events.length >= simulator.chat.presenceLinesSent ? true : undefined));
    }
    expect(membership()).toBe(true);
    expect(events.some((e) => e.kind === 'join' && e.login.startsWith('justinfan'))).toBe(false);
  });

  it('reports a raid into a joined channel', async () => {
    simulator.raid(other, small);
    const raid = await recorded.waitFor((events) => events.find((e) => e.kind === 'raid'));
    expect(raid).toMatchObject({ kind: 'raid', channel: small, fromLogin: other });
  });

  it("rejects a join Twitch refuses for the reader's concurrent-channel limit, and joins once a place frees", async () => {
    const [first, second, third] = simulator
      .liveStreams()
      .map((stream) => stream.userLogin)
      .filter((login) => login !== small);
    await chat.join(first);
    const refused = await chat.join(second).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChatJoinRefusedError);
    expect(refused).toMatchObject({ channel: second, refusal: 'CHANNEL_LIMIT' });
    chat.part(first);
    await expect(chat.join(third)).resolves.toBeUndefined();
    chat.part(third);
  });

  it('reads chat as the moderator when their token has chat:read, anonymously otherwise', async () => {
    const config = {
      clientId: 'embedded-client-id',
      clientSecret: 'embedded-client-secret',
      timeoutMs: 10_000,
    } as TwitchConfig;
    const namesSeenBy = async (scopes: string[]) => {
      const credentials = new ModeratorCredentials(config);
      credentials.use({ ...simulator.issueUserGrant('simmod', scopes), origin: 'simmod' });
      const reader = chatAdapter(config, credentials);
      const seen = new RecordedEvents(reader);
      try {
        await reader.connect();
        await reader.join(other);
        const names = await seen.waitFor((events) => events.find((e) => e.kind === 'names'));
        return names.kind === 'names' ? names.logins : [];
      } finally {
        await reader.disconnect();
      }
    };
    // The server lists the reader itself first in NAMES.
    expect((await namesSeenBy(['moderator:read:chatters', 'chat:read']))[0]).toBe('simmod');
    expect((await namesSeenBy(['moderator:read:chatters']))[0]).toMatch(/^justinfan\d+$/);
  });

  it('reconnects and rejoins after the socket drops', async () => {
    const namesLists = (events: readonly ChatPresenceEvent[]) =>
      events.filter((e) => e.kind === 'names').length;
    const before = namesLists(recorded.events);
    simulator.dropChatConnections();
    await recorded.waitFor((events) => (namesLists(events) > before ? true : undefined), 20_000);
    expect(chat.connected).toBe(true);
  });
});

describe('TwurpleChatAdapter against a chat server that never answers', () => {
  // Accepts the connection and never completes the WebSocket handshake.
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let chatUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    chatUrl = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up after TWITCH_TIMEOUT, and the next connect starts afresh', async () => {
    const config = { clientId: 'x', clientSecret: 'y', chatUrl, timeoutMs: 300 } as TwitchConfig;
    const chat = chatAdapter(config);
    await expect(chat.connect()).rejects.toThrow('Twitch did not answer the chat login within 0.3 s');
    expect(chat.opened).toBe(false);
    await expect(chat.connect()).rejects.toBeInstanceOf(TwitchRequestError);
    expect(chat.opened).toBe(false);
  });
});
