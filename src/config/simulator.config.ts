import { registerAs } from '@nestjs/config';
import { EnvReader } from './env-reader';

export interface SimulatorConfig {
  seed: number;
  /** Port of the standalone simulator (`npm run simulator`); 0 picks a free one. */
  port: number;
  channels: number;
}

export const simulatorConfig = registerAs('simulator', (): SimulatorConfig => {
  const env = new EnvReader();
  return {
    seed: env.int('SIMULATOR_SEED', 1, { min: 0, max: 2 ** 31 - 1 }),
    port: env.int('SIMULATOR_PORT', 0, { min: 0, max: 65535 }),
    channels: env.int('SIMULATOR_CHANNELS', 3000, { min: 1, max: 1_000_000 }),
  };
});
