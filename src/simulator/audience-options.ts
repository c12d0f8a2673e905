/** How the simulated audience behaves; every field has a Twitch-like default. */
export interface AudienceOptions {
  /** Multiplies every channel's audience; small values give small worlds for tests. */
  audienceScale?: number;
  /** Largest audience (chatters list) of one channel, whatever its viewer count. */
  maxChannelAudience?: number;
  /** Share of users who watch up to three channels at once. */
  multiViewerShare?: number;
  /** Share of users who chat; the others lurk. */
  chatterShare?: number;
  messagesPerChatterPerMinute?: number;
  /** Mean time a viewer stays in a channel. */
  meanStayMs?: number;
  /** Share of departures that are hops to another channel rather than leaving Twitch. */
  hopShare?: number;
  /** Longest gap between leaving one channel and joining the next on a hop. */
  maxHopDelayMs?: number;
  /**
   * Least time after leaving a channel before a viewer can be drawn as a new arrival anywhere. Without
   * it, arrivals drawn from the idle pool pick up people who left a minute ago: a leave and a join
   * minutes apart that is a migration by definition, yet not in the truth. Hops are not delayed.
   */
  minAwayMs?: number;
  /** Chance that an ending stream raids another live channel. */
  raidChance?: number;
  /** Share of the raider's audience that follows a raid. */
  raidShare?: number;
  /** How long true migrations are kept for `truthMigrations`. */
  truthRetentionMs?: number;
  /**
   * How long true joins and parts are kept for the truth projected onto a set of channels (17 bytes
   * each: about 15 MB an hour for the default world at audience scale 1, so an hour by default; the
   * accuracy evaluation keeps its whole run).
   */
  presenceHistoryMs?: number;
}

export const AUDIENCE_OPTION_DEFAULTS: Required<AudienceOptions> = {
  audienceScale: 1,
  maxChannelAudience: 10_000,
  multiViewerShare: 0.1,
  chatterShare: 0.3,
  messagesPerChatterPerMinute: 0.5,
  meanStayMs: 40 * 60_000,
  hopShare: 0.3,
  maxHopDelayMs: 180_000,
  minAwayMs: 30 * 60_000,
  raidChance: 0.3,
  raidShare: 0.6,
  truthRetentionMs: 24 * 3600_000,
  presenceHistoryMs: 3600_000,
};
