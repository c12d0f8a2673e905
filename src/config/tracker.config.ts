import { registerAs } from '@nestjs/config';
import { EnvReader } from './env-reader';

/**
 * TRACKER_PAIRING: `exact` releases a migration once no nearer leave or join can still arrive (the nearest-pair
 * rule of docs/architecture.md); `live` as soon as both its sides are seen, nearest among the events pending then.
 */
export const TRACKER_PAIRINGS = ['exact', 'live'] as const;
export type TrackerPairing = (typeof TRACKER_PAIRINGS)[number];
/** `live`: CHATTERS migrations within a poll of their later side (docs/accuracy.md compares both modes). */
export const DEFAULT_TRACKER_PAIRING: TrackerPairing = 'live';

export interface TrackerConfig {
  enabled: boolean;
  /** Top live channels monitored, pinned ones come on top. */
  channels: number;
  pollIntervalMs: number;
  windowMs: number;
  pairing: TrackerPairing;
  leaveConfirmations: number;
  activityTtlMs: number;
  botChannels: number;
  /** How long a channel that left the selection (went offline, fell out of the top) is still polled. */
  offlineGraceMs: number;
}

export const trackerConfig = registerAs('tracker', (): TrackerConfig => {
  const env = new EnvReader();
  return {
    enabled: env.boolean('TRACKER_ENABLED', true),
    channels: env.int('TRACKER_CHANNELS', 100, { min: 0, max: 10_000 }),
    pollIntervalMs: env.durationMs('TRACKER_POLL_INTERVAL', '60s', 5_000),
    windowMs: env.durationMs('TRACKER_WINDOW', '300s', 1_000),
    pairing: env.oneOf('TRACKER_PAIRING', TRACKER_PAIRINGS, DEFAULT_TRACKER_PAIRING),
    leaveConfirmations: env.int('TRACKER_LEAVE_CONFIRMATIONS', 1, { min: 1, max: 10 }),
    activityTtlMs: env.durationMs('TRACKER_ACTIVITY_TTL', '600s', 1_000),
    botChannels: env.int('TRACKER_BOT_CHANNELS', 10, { min: 2, max: 10_000 }),
    offlineGraceMs: env.durationMs('TRACKER_OFFLINE_GRACE', '10m', 0),
  };
});
