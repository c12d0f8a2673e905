import { Clock } from '../common/clock';
import { EMBEDDED_CLIENT_ID, EMBEDDED_CLIENT_SECRET } from './auth-tokens';
import { FaultSettings, ScriptedFault } from './fault-injector';
import { PageOverlapOptions } from './helix-pagination';
import { WorldOptions } from './world-options';
import { AudienceOptions } from './audience-options';

export interface SimulatorOptions extends WorldOptions, AudienceOptions {
  /** Drives the world and token expiry; a SystemClock by default. Rate limits use wall-clock time unless `rateLimitClock`. */
  clock?: Clock;
  pageOverlap?: PageOverlapOptions;
  /** Helix points per minute per client (app tokens) or per user (user tokens). */
  rateLimitPerMinute?: number;
  /**
   * Which clock refills the Helix buckets: the wall clock (default; @twurple waits in real time), or the
   * world's `clock`, so that a run on a manual clock is held to `rateLimitPerMinute` per simulated minute
   * (`Ratelimit-Reset` is still a wall-clock instant).
   */
  rateLimitClock?: 'wall' | 'world';
  faults?: Partial<FaultSettings>;
  /** Client id → secret of the applications allowed to get tokens; the embedded service's by default. */
  clients?: Record<string, string>;
  appTokenTtlSeconds?: number;
  /** Lifetime of the access tokens of the authorization-code and refresh-token grants. */
  userTokenTtlSeconds?: number;
  /** How far Get Chatters lags behind the true audience (at most AUDIENCE_LOG_RETENTION_MS). */
  chattersLagMs?: number;
  /** Chat membership JOIN/PARTs arrive in batches, this long (world time) after the fact or up to twice. */
  membershipBatchMs?: number;
  /** Wall-clock period of chat's server PINGs. */
  chatPingIntervalMs?: number;
  /** Wall-clock period at which chat syncs the world and sends what happened. */
  chatPumpIntervalMs?: number;
  /** Logins treated as verified bots by chat's JOIN rate limit. */
  verifiedBots?: readonly string[];
  /** Channels one chat user may be in at once, moderated ones not counted (Twitch: 100). */
  concurrentChannelLimit?: number;
  /** Wall-clock delay after which an EventSub connection still without a subscription is closed (4003). */
  eventSubUnusedConnectionMs?: number;
  /** Wall-clock time an EventSub client has after `session_reconnect` before the old connection closes (4004). */
  eventSubReconnectGraceMs?: number;
}

/** Twitch's chatters list trails reality by tens of seconds. */
export const DEFAULT_CHATTERS_LAG_MS = 30_000;
/** Twitch batches membership events by 30 s to 3 min; 60 s here gives 60–120 s late. */
export const DEFAULT_MEMBERSHIP_BATCH_MS = 60_000;
/** Twitch pings about every five minutes. */
export const DEFAULT_CHAT_PING_INTERVAL_MS = 300_000;
export const DEFAULT_CHAT_PUMP_INTERVAL_MS = 100;
/** Twitch closes an EventSub connection that has no subscription 10 s after its welcome. */
export const DEFAULT_EVENTSUB_UNUSED_CONNECTION_MS = 10_000;
/** Twitch gives an EventSub client 30 s to move to the reconnect URL. */
export const DEFAULT_EVENTSUB_RECONNECT_GRACE_MS = 30_000;

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 800;
/** About 60 days, like Twitch's app access tokens. */
export const DEFAULT_APP_TOKEN_TTL_SECONDS = 5_184_000;
/** Four hours, like the user access tokens Twitch issues. */
export const DEFAULT_USER_TOKEN_TTL_SECONDS = 14_400;
export const DEFAULT_CLIENTS: Readonly<Record<string, string>> = {
  [EMBEDDED_CLIENT_ID]: EMBEDDED_CLIENT_SECRET,
};

export interface SimulatorStats {
  /** Every HTTP request received, whatever its path. */
  requests: number;
  helixRequests: number;
  authRequests: number;
  /** 429 responses served, from the rate limit or from injected faults. */
  tooManyRequests: number;
  /** 5xx responses served. */
  serverErrors: number;
  droppedConnections: number;
  tokensIssued: number;
}

/** The body of `GET /sim/state`. */
export interface SimulatorState {
  seed: number;
  port: number | null;
  addresses: string[];
  clock: { now: string; manual: boolean };
  world: {
    time: string;
    channels: number;
    games: number;
    liveStreams: number;
    streamsStarted: number;
    streamsEnded: number;
  };
  audience: {
    users: number;
    present: number;
    hopsUnderway: number;
    migrations: number;
    chatConnections: number;
  };
  eventSub: {
    /** Live sessions, connected or waiting at their reconnect URL. */
    sessions: number;
    /** Of those, the ones told to reconnect whose client has not come to the new URL yet. */
    reconnecting: number;
    connections: number;
    enabledSubscriptions: number;
    notificationsSent: number;
  };
  counters: SimulatorStats;
  faults: FaultSettings & { pending: readonly ScriptedFault[] };
  rateLimitPerMinute: number;
  pageOverlap: PageOverlapOptions;
  oauth: {
    /** Who the consent page logs in next. */
    nextLogin: string;
    /** Consents still to be denied. */
    pendingDenials: number;
    /** Authorization codes issued and not yet exchanged or expired. */
    outstandingCodes: number;
    /** The fixed accounts that exist in every world, beside every channel's broadcaster. */
    wellKnownLogins: string[];
  };
}
