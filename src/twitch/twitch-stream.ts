/** A live stream as Helix reports it, in the product's own shape. */
export interface TwitchStream {
  id: string;
  userId: string;
  userLogin: string;
  userName: string;
  /** Null when the stream has no category (Helix sends an empty string). */
  gameId: string | null;
  gameName: string | null;
  title: string | null;
  viewerCount: number;
  language: string | null;
  startedAt: Date | null;
}

export interface TwitchStreamsPage {
  streams: TwitchStream[];
  /** Cursor of the next page; null on the last one. */
  cursor: string | null;
}

export interface TwitchRateLimitStats {
  limit: number | null;
  remaining: number | null;
  resetsAt: Date | null;
}
