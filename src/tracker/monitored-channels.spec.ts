import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { TrackerConfig } from '../config';
import type { TwitchChattersPort } from '../twitch/twitch-chatters.port';
import type { ChannelSelectionService, SelectedChannel } from './channel-selection.service';
import type { ChatPresenceRouter } from './chat-presence-router';
import { CHAT_CHANNEL_LIMIT } from '../twitch/twitch-chat.port';
import { REFUSED_JOIN_RETRY_MS, UNANSWERED_JOIN_RETRY_MS } from './chat-join-refusals';
import { MonitoredChannels } from './monitored-channels';
import { TrackingEngine } from './tracking-engine';

const S = 1000;
const START = Date.UTC(2026, 10, 22, 12);

const channel = (login: string, viewers: number, extra: Partial<SelectedChannel> = {}): SelectedChannel => ({
  login,
  broadcasterId: `id-${login}`,
  viewers,
  pinned: false,
  keptUntil: null,
  ...extra,
});

/**
 * `twitchLimit`: the channels Twitch really lets the reading user join (fewer than the 100 the router
 * announces when the user is in channels elsewhere); a join over it is refused as Twitch does.
 */
function setup(
  selected: SelectedChannel[],
  { twitchLimit = CHAT_CHANNEL_LIMIT, capacity = CHAT_CHANNEL_LIMIT } = {},
) {
  const selection = { revision: 1, selected: () => selected };
  const chatters = {
    available: true,
    revision: 0,
    budgets: new Map([['moderator-1', 800]]),
    moderatorFor: () => null,
  };
  const watching = new Map<string, string>();
  const joins: string[] = [];
  const router = {
    capacity,
    readsMembership: true,
    /** Channels a reading user moderates: not counted by Twitch. */
    exemptChannels: new Set<string>(),
    /** Joins Twitch does not answer. */
    unanswered: new Set<string>(),
    watch: async (login: string, source: string) => {
      joins.push(login);
      if (router.unanswered.has(login)) return 'UNANSWERED';
      const counted = [...watching.keys()].filter((room) => !router.exemptChannels.has(room)).length;
      if (!router.exemptChannels.has(login) && counted >= twitchLimit) return 'CHANNEL_LIMIT';
      watching.set(login, source);
      return null;
    },
    unwatch: (login: string) => void watching.delete(login),
  };
  /** The chat channels the router reads now, with their source. */
  const chat = () => Object.fromEntries(watching);
  const engine = new TrackingEngine();
  const clock = new ManualClock(START);
  const channels = new MonitoredChannels(
    { pollIntervalMs: 60 * S } as TrackerConfig,
    selection as unknown as ChannelSelectionService,
    chatters as unknown as TwitchChattersPort,
    router as unknown as ChatPresenceRouter,
    engine,
    clock,
  );
  /** The selection changed: the next apply reads it. */
  const select = (next: SelectedChannel[]) => {
    selected = next;
    selection.revision++;
  };
  const sources = () => Object.fromEntries(channels.all().map((state) => [state.login, state.source]));
  const unwatched = () =>
    Object.fromEntries(
      channels
        .all()
        .filter((state) => state.unwatchedReason !== null)
        .map((state) => [state.login, state.unwatchedReason]),
    );
  return { channels, router, selection, chatters, chat, joins, engine, clock, select, sources, unwatched };
}

describe('MonitoredChannels', () => {
  it('reads each channel from the best source it allows, handing chat channels to the router', () => {
    const { channels, chat, sources } = setup([
      channel('listed', 5000),
      channel('small', 200, { broadcasterId: null }),
      channel('big', 5000, { broadcasterId: null }),
    ]);
    channels.apply();
    expect(sources()).toEqual({ listed: 'CHATTERS', small: 'MEMBERSHIP', big: 'ACTIVITY' });
    expect(chat()).toEqual({ small: 'MEMBERSHIP', big: 'ACTIVITY' });
    // One poll interval spreads the three polls.
    expect(channels.due(START + 60 * S).sort()).toEqual(['big', 'listed', 'small']);
  });

  it('moves a channel whose Get Chatters refused the moderator to chat, and back with new credentials', () => {
    const { channels, chatters, chat, engine, sources } = setup([channel('a', 300)]);
    channels.apply();
    engine.applyChattersPoll('a', ['viewer'], START, true);
    channels.forbid('a');
    channels.apply();
    expect(sources()).toEqual({ a: 'MEMBERSHIP' });
    expect(chat()).toEqual({ a: 'MEMBERSHIP' });
    // The list's presence is forgotten rather than read as leaves.
    expect(engine.channelCount('viewer')).toBe(0);

    channels.checkCredentials();
    channels.apply();
    expect(sources()).toEqual({ a: 'MEMBERSHIP' });
    chatters.revision++;
    channels.checkCredentials();
    channels.apply();
    expect(sources()).toEqual({ a: 'CHATTERS' });
    expect(chat()).toEqual({});
  });

  it('keeps a channel kept after it left the selection on its source, and stops one dropped', () => {
    const { channels, chatters, chat, select, sources } = setup([channel('a', 5000), channel('b', 500)]);
    channels.apply();
    chatters.available = false;
    select([channel('a', 5000, { keptUntil: new Date(START + 600 * S) })]);
    channels.apply();
    expect(sources()).toEqual({ a: 'CHATTERS' });
    expect(chat()).toEqual({});
    expect(channels.get('a')?.keptUntil).toEqual(new Date(START + 600 * S));
  });

  it('applies a selection only when it changed, and previews a channel it does not monitor', () => {
    const { channels, selection } = setup([channel('a', 200, { broadcasterId: null })]);
    channels.apply();
    selection.selected = () => [channel('b', 5000)];
    channels.apply();
    expect(channels.all().map((state) => state.login)).toEqual(['a']);
    selection.revision++;
    channels.apply();
    expect(channels.all().map((state) => state.login)).toEqual(['b']);
    expect(channels.preview(channel('c', 200))).toMatchObject({ login: 'c', source: 'CHATTERS' });
    expect(channels.size).toBe(1);
  });

  /** 150 chat channels, `c0` the biggest. */
  const chatChannels = (count = 150) =>
    Array.from({ length: count }, (_, i) => channel(`c${i}`, 10_000 - i, { broadcasterId: null }));
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('reads at most 100 channels from chat, pins and the biggest first, and reports the others', async () => {
    const selected = chatChannels();
    selected[149].pinned = true;
    const { channels, chat, unwatched, select } = setup(selected);
    channels.apply();
    await settle();
    const read = Object.keys(chat());
    expect(read).toHaveLength(100);
    expect(read).toContain('c149');
    expect(read).not.toContain('c99');
    expect(Object.keys(unwatched())).toHaveLength(50);
    expect(new Set(Object.values(unwatched()))).toEqual(new Set(['CHAT_CHANNEL_LIMIT']));
    expect(channels.all()).toHaveLength(150);

    // A slot that frees goes to the biggest channel waiting, at once.
    select(selected.filter((state) => state.login !== 'c0'));
    channels.apply();
    await settle();
    expect(Object.keys(chat())).toHaveLength(100);
    expect(chat()).toMatchObject({ c98: 'ACTIVITY' });
    expect(unwatched()).not.toHaveProperty('c98');
    expect(Object.keys(unwatched())).toHaveLength(49);
  });

  it('takes a refused join as the limit Twitch really has, and tries it again only 10 minutes later', async () => {
    // The reading user is in 3 channels elsewhere: Twitch lets 97 in.
    const { channels, chat, joins, clock, unwatched } = setup(chatChannels(), { twitchLimit: 97 });
    channels.apply();
    await settle();
    channels.apply();
    await settle();
    expect(Object.keys(chat())).toHaveLength(97);
    expect(Object.values(unwatched()).filter((reason) => reason === 'CHAT_JOIN_REFUSED')).toHaveLength(3);
    expect(Object.keys(unwatched())).toHaveLength(53);
    const tried = joins.length;

    // No retry storm: rounds go on and nothing is joined again until the pause is over.
    for (let i = 0; i < 5; i++) {
      clock.advance(60 * S);
      channels.apply();
      await settle();
    }
    expect(joins).toHaveLength(tried);
    clock.advance(REFUSED_JOIN_RETRY_MS);
    channels.apply();
    await settle();
    // Tried again: Twitch refuses once more, and the channels wait another pause.
    expect(joins.length).toBeGreaterThan(tried);
    expect(Object.keys(chat())).toHaveLength(97);
  });

  it('reads the channels a reading user moderates beyond the limit, once chat says which they are', async () => {
    const { channels, router, chat, unwatched } = setup(chatChannels());
    channels.apply();
    await settle();
    expect(Object.keys(chat())).toHaveLength(100);
    // Chat connected and learned that its user moderates the 50 smallest channels: they take no slot.
    for (let index = 100; index < 150; index++) router.exemptChannels.add(`c${index}`);
    channels.apply();
    await settle();
    expect(Object.keys(chat())).toHaveLength(150);
    expect(unwatched()).toEqual({});
  });

  it('spreads chat over every reader the router has: two readers read 150 channels', async () => {
    const { channels, chat, unwatched } = setup(chatChannels(), {
      capacity: 2 * CHAT_CHANNEL_LIMIT,
      twitchLimit: 2 * CHAT_CHANNEL_LIMIT,
    });
    channels.apply();
    await settle();
    expect(Object.keys(chat())).toHaveLength(150);
    expect(unwatched()).toEqual({});
  });

  it('reports a join Twitch did not answer and tries it again a minute later', async () => {
    const { channels, router, chat, clock, unwatched } = setup(chatChannels().slice(0, 3));
    router.unanswered.add('c1');
    channels.apply();
    await settle();
    expect(unwatched()).toEqual({ c1: 'CHAT_JOIN_UNANSWERED' });
    router.unanswered.clear();
    clock.advance(30 * S);
    channels.apply();
    await settle();
    expect(unwatched()).toEqual({ c1: 'CHAT_JOIN_UNANSWERED' });
    clock.advance(UNANSWERED_JOIN_RETRY_MS);
    channels.apply();
    await settle();
    expect(unwatched()).toEqual({});
    expect(Object.keys(chat())).toContain('c1');
  });
});
