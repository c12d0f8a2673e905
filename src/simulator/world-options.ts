import { withDefaults } from './option-defaults';
import { MAX_CHANNELS } from './world-sorted-view';

export interface WorldOptions {
  seed?: number;
  /** Channels that stream at least sometimes. */
  channels?: number;
  /** Long-run share of channels live at any moment. */
  liveShare?: number;
  games?: number;
  /** Simulated time per step; the world always steps on this grid from its origin. */
  tickMs?: number;
}

export const DEFAULT_WORLD_OPTIONS: Required<WorldOptions> = {
  seed: 1,
  channels: 3000,
  liveShare: 0.5,
  games: 200,
  tickMs: 10_000,
};

/** The options with their defaults; a RangeError names the first one out of range. */
export function checkWorldOptions(options: WorldOptions): Required<WorldOptions> {
  const checked = withDefaults(DEFAULT_WORLD_OPTIONS, options);
  const { channels, liveShare, games, tickMs } = checked;
  // Channel indexes are packed below viewer counts in one sort key, which bounds the world size.
  if (!Number.isInteger(channels) || channels < 1 || channels > MAX_CHANNELS) {
    throw new RangeError(`channels must be an integer from 1 to ${MAX_CHANNELS}`);
  }
  if (!(liveShare > 0 && liveShare < 1)) {
    throw new RangeError('liveShare must be between 0 and 1, exclusive');
  }
  if (!(tickMs > 0)) throw new RangeError('tickMs must be positive');
  // The name generator has a few thousand distinct names.
  if (!Number.isInteger(games) || games < 1 || games > 2000) {
    throw new RangeError('games must be an integer from 1 to 2000');
  }
  return checked;
}
