import type { TwitchStreamsPort } from '../twitch/twitch-streams.port';
import type { StreamRecord } from './stream-record';

const PAGE_SIZE = 100;

export interface CollectedStreams {
  streams: StreamRecord[];
  pages: number;
  duplicates: number;
}

/**
 * Pages through Get Streams until `topN` distinct streams are in hand. Viewer counts move while we page,
 * so a stream can appear on two pages: the first sighting wins.
 */
export async function collectTopStreams(
  twitch: TwitchStreamsPort,
  topN: number,
  hooks: { shouldStop?: () => boolean; onPage?: (page: number, distinct: number) => void } = {},
): Promise<CollectedStreams> {
  const byId = new Map<string, StreamRecord>();
  // Overlaps cost a few extra pages; the cap guards against a cursor that never ends.
  const maxPages = Math.ceil(topN / PAGE_SIZE) * 2 + 5;
  let cursor: string | null = null;
  let pages = 0;
  let duplicates = 0;
  do {
    if (hooks.shouldStop?.()) break;
    const page = await twitch.fetchLiveStreamsPage({ first: PAGE_SIZE, after: cursor });
    pages += 1;
    for (const stream of page.streams) {
      if (byId.has(stream.id)) duplicates += 1;
      else if (byId.size < topN) byId.set(stream.id, stream);
    }
    hooks.onPage?.(pages, byId.size);
    cursor = page.cursor;
  } while (cursor && byId.size < topN && pages < maxPages);
  return { streams: [...byId.values()], pages, duplicates };
}
