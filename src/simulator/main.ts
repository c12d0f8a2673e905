import { Logger } from '@nestjs/common';
import { SystemClock } from '../common/clock';
import { simulatorConfig } from '../config';
import { TwitchSimulator } from './simulator-server';

const logger = new Logger('TwitchSimulator');

/** Standalone fake Twitch (`npm run simulator`): SIMULATOR_SEED, SIMULATOR_CHANNELS, SIMULATOR_PORT. */
async function main(): Promise<void> {
  const { seed, channels, port } = simulatorConfig();
  const simulator = new TwitchSimulator({ seed, channels, clock: new SystemClock() });
  const actualPort = await simulator.listen(port);
  logger.log(`Twitch simulator on ${simulator.url} (seed ${seed}, ${channels} channels)`);
  logger.log(`Point the service at it with TWURPLE_MOCK_API_PORT=${actualPort}`);

  const shutdown = (signal: string): void => {
    logger.log(`${signal} received, closing`);
    simulator.close().catch((error: Error) => logger.error(`Closing failed: ${error.message}`));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  logger.error(`The simulator could not start: ${error.message}`);
  process.exitCode = 1;
});
