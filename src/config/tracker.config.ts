import { registerAs } from '@nestjs/config';
import { EnvReader } from './env-reader';

export interface TrackerConfig {
  enabled: boolean;
  /** Top live channels monitored, pinned ones come on top. */
  channels: number;
  pollIntervalMs: number;
  windowMs: number;
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
    leaveConfirmations: env.int('TRACKER_LEAVE_CONFIRMATIONS', 1, { min: 1, max: 10 }),
    activityTtlMs: env.durationMs('TRACKER_ACTIVITY_TTL', '600s', 1_000),
    botChannels: env.int('TRACKER_BOT_CHANNELS', 10, { min: 2, max: 10_000 }),
    offlineGraceMs: env.durationMs('TRACKER_OFFLINE_GRACE', '10m', 0),
  };
});
