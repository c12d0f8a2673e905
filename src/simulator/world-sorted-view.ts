import type { Channel, Game, GameAudience, LiveStream, StreamFilter, StreamSelection } from './world-model';

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

/** Every live stream of the view, materialized once and kept in it. */
export function allStreams(view: SortedView, channels: readonly Channel[]): LiveStream[] {
  view.all ??= Array.from(view.order, (_, rank) => materializeStream(view, channels, rank));
  return view.all;
}

/** The live streams matching `filter`, in the view's order, without materializing the rest. */
export function selectStreams(
  view: SortedView,
  channels: readonly Channel[],
  filter: StreamFilter,
): StreamSelection {
  const { gameIds, languages } = filter;
  let ranks: ArrayLike<number> | undefined;
  if (filter.channels) {
    const live = filter.channels.map((channel) => view.rankOf[channel.index]).filter((rank) => rank >= 0);
    ranks = Int32Array.from(new Set(live)).sort();
  }
  if (gameIds || languages) {
    const matching: number[] = [];
    const candidates = ranks ?? { length: view.order.length };
    for (let i = 0; i < candidates.length; i++) {
      const rank = ranks ? ranks[i] : i;
      const index = view.order[rank];
      const session = view.sessions[index] as Session;
      if (gameIds && !gameIds.has(session.game.id)) continue;
      if (languages && !languages.has(channels[index].language)) continue;
      matching.push(rank);
    }
    ranks = matching;
  }
  const selected = ranks;
  return {
    length: selected ? selected.length : view.order.length,
    slice: (start, end) => {
      const stop = Math.min(end, selected ? selected.length : view.order.length);
      const page: LiveStream[] = [];
      for (let i = Math.max(0, start); i < stop; i++) {
        page.push(materializeStream(view, channels, selected ? selected[i] : i));
      }
      return page;
    },
  };
}

/** Games by the view's live viewers, descending; ties by popularity rank. Computed once per view. */
export function rankGames(view: SortedView, games: readonly Game[]): GameAudience[] {
  if (!view.topGames) {
    const viewers = new Float64Array(games.length);
    for (const index of view.order) {
      viewers[(view.sessions[index] as Session).game.index] += view.counts[index];
    }
    view.topGames = games
      .map((game) => ({ game, viewers: viewers[game.index] }))
      .sort((a, b) => b.viewers - a.viewers || a.game.index - b.game.index);
  }
  return view.topGames;
}
