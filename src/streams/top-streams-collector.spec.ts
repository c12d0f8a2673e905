import { describe, expect, it } from '@jest/globals';
import type { TwitchStream, TwitchStreamsPage } from '../twitch/twitch-stream';
import { TwitchStreamsPort } from '../twitch/twitch-streams.port';
import { collectTopStreams } from './top-streams-collector';

function stream(n: number, viewerCount = 1000 - n): TwitchStream {
  return {
    id: String(n),
    userId: `u${n}`,
    userLogin: `user${n}`,
    userName: `User${n}`,
    gameId: null,
    gameName: null,
    title: null,
    viewerCount,
    language: 'en',
    startedAt: null,
  };
}

/** Serves fixed pages; `pages[i]` answers the i-th request, whatever cursor it carries. */
class ScriptedStreams extends TwitchStreamsPort {
  readonly requests: (string | null | undefined)[] = [];

  constructor(private readonly pages: TwitchStream[][]) {
    super();
  }

  async fetchLiveStreamsPage(request: { first: number; after?: string | null }): Promise<TwitchStreamsPage> {
    this.requests.push(request.after);
    const index = this.requests.length - 1;
    return {
      streams: this.pages[index] ?? [],
      cursor: index + 1 < this.pages.length ? `c${index + 1}` : null,
    };
  }

  rateLimit() {
    return { limit: null, remaining: null, resetsAt: null };
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => stream(from + i));

describe('collectTopStreams', () => {
  it('drops streams repeated across overlapping pages, keeping the first sighting', async () => {
    const moved = { ...stream(98), viewerCount: 1 };
    const twitch = new ScriptedStreams([
      range(0, 100),
      [stream(97), moved, ...range(100, 198)],
      range(198, 250),
    ]);
    const result = await collectTopStreams(twitch, 1000);
    expect(result.streams).toHaveLength(250);
    expect(new Set(result.streams.map((s) => s.id)).size).toBe(250);
    expect(result.duplicates).toBe(2);
    expect(result.streams.find((s) => s.id === '98')?.viewerCount).toBe(stream(98).viewerCount);
    expect(twitch.requests).toEqual([null, 'c1', 'c2']);
  });

  it('stops once topN distinct streams are in hand', async () => {
    const twitch = new ScriptedStreams([range(0, 100), range(100, 200), range(200, 300)]);
    const result = await collectTopStreams(twitch, 150);
    expect(result.streams.map((s) => s.id)).toEqual(range(0, 150).map((s) => s.id));
    expect(result.pages).toBe(2);
  });

  it('gives up after a bounded number of pages when a cursor never ends', async () => {
    const endless = new ScriptedStreams(Array.from({ length: 1000 }, () => range(0, 100)));
    const result = await collectTopStreams(endless, 200);
    expect(result.streams).toHaveLength(100);
    expect(result.pages).toBe(9);
  });

  it('stops between pages when asked to', async () => {
    const twitch = new ScriptedStreams([range(0, 100), range(100, 200)]);
    const result = await collectTopStreams(twitch, 1000, { shouldStop: () => twitch.requests.length >= 1 });
    expect(result.pages).toBe(1);
  });
});
