import type { Channel, Game, GameAudience, LiveStream } from './world-model';

/** Channel indexes must fit the sort key below. */
export const MAX_CHANNELS = 1 << 21;
const COUNT_CEILING = 1 << 30;

/** What does not change during one broadcast. */
export interface Session {
  readonly id: string;
  readonly game: Game;
  readonly title: string;
  readonly startedAt: string;
}

/** The live list of one world version: sorted once, streams materialized on demand. */
export interface SortedView {
  readonly version: number;
  /** Channel indexes, most viewers first. */
  readonly order: Int32Array;
  /** Position of each channel in `order`, -1 when offline. */
  readonly rankOf: Int32Array;
  readonly counts: Int32Array;
  /** Copied, so that a view stays consistent even if the world steps while someone holds it. */
  readonly sessions: readonly (Session | undefined)[];
  readonly materialized: (LiveStream | undefined)[];
  all?: LiveStream[];
  topGames?: GameAudience[];
}

/** Sorts the live channels (one entry in `sessions` per channel) by rounded viewers, ties by channel index. */
export function buildSortedView(
  version: number,
  sessions: readonly (Session | undefined)[],
  viewers: ArrayLike<number>,
  liveCount: number,
): SortedView {
  const counts = new Int32Array(sessions.length);
  // One numeric key per stream (fewer viewers = larger key, then channel index = user id order) sorts natively.
  const keys = new Float64Array(liveCount);
  let live = 0;
  for (let index = 0; index < sessions.length; index++) {
    if (!sessions[index]) continue;
    counts[index] = Math.round(viewers[index]);
    keys[live++] = (COUNT_CEILING - counts[index]) * MAX_CHANNELS + index;
  }
  keys.sort();
  const order = new Int32Array(keys.length);
  const rankOf = new Int32Array(sessions.length).fill(-1);
  keys.forEach((key, rank) => {
    order[rank] = key % MAX_CHANNELS;
    rankOf[order[rank]] = rank;
  });
  return {
    version,
    order,
    rankOf,
    counts,
    sessions: sessions.slice(),
    materialized: new Array(keys.length),
  };
}

/** The frozen stream at `rank`, built on first use and kept in the view. */
export function materializeStream(view: SortedView, channels: readonly Channel[], rank: number): LiveStream {
  const cached = view.materialized[rank];
  if (cached) return cached;
  const index = view.order[rank];
  const channel = channels[index];
  const session = view.sessions[index] as Session;
  const stream: LiveStream = Object.freeze({
    id: session.id,
    userId: channel.id,
    userLogin: channel.login,
    userName: channel.displayName,
    gameId: session.game.id,
    gameName: session.game.name,
    title: session.title,
    viewerCount: view.counts[index],
    startedAt: session.startedAt,
    language: channel.language,
    tags: channel.tags,
    isMature: channel.mature,
    rank,
  });
  view.materialized[rank] = stream;
  return stream;
}
