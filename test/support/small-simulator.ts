import { ManualClock } from '../../src/common/clock';
import { SimulatorOptions, TwitchSimulator } from '../../src/simulator/simulator-server';

/**
 * A simulator small enough for a unit test (300 channels, a fifth of the audience) on a manual clock
 * that the test advances; `options` add to or override those.
 */
export function smallSimulator(options: SimulatorOptions): { clock: ManualClock; sim: TwitchSimulator } {
  const clock = new ManualClock();
  return { clock, sim: new TwitchSimulator({ channels: 300, audienceScale: 0.2, clock, ...options }) };
}
