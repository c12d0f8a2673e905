/**
 * A Twitch call that failed, in words a client may read: the HTTP status and endpoint, or that Twitch was
 * not reached. Never the URL's query or the body: @twurple's own messages carry the token URL with
 * `client_secret`. What Twitch said stays in `cause`, for the (redacted) log.
 */
export class TwitchRequestError extends Error {
  constructor(
    /** Twitch's HTTP status; null when no answer came. */
    readonly status: number | null,
    summary: string,
    options: { cause: unknown },
  ) {
    super(summary, options);
    this.name = 'TwitchRequestError';
  }

  /** Twitch answered, and refused the request itself (a 4xx other than rate limiting). */
  get refused(): boolean {
    return this.status !== null && this.status >= 400 && this.status < 500 && this.status !== 429;
  }

  /** What Twitch or the network said, for the log only (the logger redacts it). */
  get detail(): string {
    return this.cause instanceof Error ? this.cause.message : String(this.cause);
  }
}
