import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { TrackerConfig } from '../config';
import type { TwitchChattersPort } from '../twitch/twitch-chatters.port';
import type { ChannelSelectionService, SelectedChannel } from './channel-selection.service';
import type { ChatPresenceRouter } from './chat-presence-router';
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

function setup(selected: SelectedChannel[]) {
  const selection = { revision: 1, selected: () => selected };
  const chatters = { available: true, revision: 0 };
  const watching = new Map<string, string>();
  const router = {
    watch: async (login: string, source: string) => void watching.set(login, source),
    unwatch: (login: string) => void watching.delete(login),
  };
  /** The chat channels the router reads now, with their source. */
  const chat = () => Object.fromEntries(watching);
  const engine = new TrackingEngine();
  const channels = new MonitoredChannels(
    { pollIntervalMs: 60 * S } as TrackerConfig,
    selection as unknown as ChannelSelectionService,
    chatters as unknown as TwitchChattersPort,
    router as unknown as ChatPresenceRouter,
    engine,
    new ManualClock(START),
  );
  /** The selection changed: the next apply reads it. */
  const select = (next: SelectedChannel[]) => {
    selected = next;
    selection.revision++;
  };
  const sources = () => Object.fromEntries(channels.all().map((state) => [state.login, state.source]));
  return { channels, selection, chatters, chat, engine, select, sources };
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
});
