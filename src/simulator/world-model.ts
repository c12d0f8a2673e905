/** Plain records of the simulated world; the HTTP layer maps them to Helix JSON. */

export type BroadcasterType = 'partner' | 'affiliate' | '';

export interface Game {
  readonly index: number;
  /** Numeric string, like Twitch's category ids. */
  readonly id: string;
  /** Empty for a few games: Twitch sometimes returns streams whose `game_name` is empty. */
  readonly name: string;
  /** Empty for categories that are not games, as on Twitch. */
  readonly igdbId: string;
}

export interface Channel {
  readonly index: number;
  /** The broadcaster's user id (numeric string). */
  readonly id: string;
  readonly login: string;
  readonly displayName: string;
  readonly broadcasterType: BroadcasterType;
  readonly description: string;
  readonly createdAt: number;
  /** ISO 639-1 code, or `other`. */
  readonly language: string;
  /** Index of the game this channel usually streams. */
  readonly mainGame: number;
  readonly mature: boolean;
  /** Typical audience while live; the Zipf-like popularity that drives viewer counts. */
  readonly audience: number;
  readonly meanSessionMs: number;
  readonly tags: readonly string[];
}

/** An immutable view of one live stream at one world tick. */
export interface LiveStream {
  readonly id: string;
  readonly userId: string;
  readonly userLogin: string;
  readonly userName: string;
  readonly gameId: string;
  readonly gameName: string;
  readonly title: string;
  readonly viewerCount: number;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly language: string;
  readonly tags: readonly string[];
  readonly isMature: boolean;
  /** Position in the sorted live list (0 = most viewers). */
  readonly rank: number;
}

export interface GameAudience {
  readonly game: Game;
  readonly viewers: number;
}

/** Filters of Get Streams; absent ones match everything. */
export interface StreamFilter {
  channels?: readonly Channel[];
  gameIds?: ReadonlySet<string>;
  languages?: ReadonlySet<string>;
}

/** A sorted run of live streams, materialized only for the slice asked for. */
export interface StreamSelection {
  readonly length: number;
  slice(start: number, end: number): LiveStream[];
}
