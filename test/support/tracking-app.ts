import type { SimulatorOptions, TwitchSimulator } from '../../src/simulator/simulator-server';
import { TrackerService } from '../../src/tracker/tracker.service';
import {
  type AppHarness,
  type HarnessEnv,
  refreshTopStreams,
  startApp,
  type StartAppOptions,
} from './app-harness';

const MINUTE = 60_000;

/** Get Chatters as `simmod`, whom the simulator makes a moderator everywhere. */
export const asModerator = (simulator: TwitchSimulator): Record<string, string> => ({
  TWITCH_MODERATOR_TOKEN: simulator.issueUserToken('simmod', ['moderator:read:chatters']),
});

export interface TrackingAppOptions {
  /** TRACKER_CHANNELS: how many of the top channels it watches. */
  channels: number;
  /** Settings on top of the tracker's (a moderator token, say), or a function of the simulator. */
  env?: HarnessEnv;
  /** On top of a small audience and no rate limit, which keep rounds over many channels quick. */
  simulator?: Partial<SimulatorOptions>;
  /** How the app and the simulator are started; by default the app runs on the simulator's clock. */
  app?: StartAppOptions;
  /** Take the first top-streams snapshot, from which the tracker picks its channels (default true). */
  snapshot?: boolean;
}

/**
 * The real app with its tracker on, watching the top `channels` of a 100-stream snapshot. The tracker's
 * rounds are driven by the test (`runTrackerMinutes`) on a manual clock, never by a timer.
 */
export async function startTrackingApp({
  channels,
  env = {},
  simulator = {},
  app = { shareClock: true },
  snapshot = true,
}: TrackingAppOptions): Promise<AppHarness> {
  const harness = await startApp(
    (started) => ({
      TRACKER_ENABLED: 'true',
      TRACKER_CHANNELS: String(channels),
      STREAMS_TOP_N: '100',
      ...(typeof env === 'function' ? env(started) : env),
    }),
    { audienceScale: 0.05, rateLimitPerMinute: 10_000_000, ...simulator },
    app,
  );
  try {
    if (snapshot) await refreshTopStreams(harness);
    return harness;
  } catch (error) {
    await harness.close();
    throw error;
  }
}

export interface TrackerMinutesOptions {
  /** Runs after each minute's step of the clock (to move another clock along, or to let chat arrive). */
  eachMinute?: () => unknown;
  /** A round after the last minute too (default true), so that what that minute brought is seen. */
  lastRound?: boolean;
}

/** `minutes` simulated minutes, one tracker round at the start of each, the simulator's clock moving on. */
export async function runTrackerMinutes(
  harness: AppHarness,
  minutes: number,
  { eachMinute, lastRound = true }: TrackerMinutesOptions = {},
): Promise<void> {
  const tracker = harness.app.get(TrackerService);
  for (let minute = 0; minute < minutes; minute++) {
    await tracker.tick();
    harness.simulator.advanceClock(MINUTE);
    await eachMinute?.();
  }
  if (lastRound) await tracker.tick();
}
