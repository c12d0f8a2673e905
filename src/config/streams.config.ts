import { registerAs } from '@nestjs/config';
import { validateCronExpression } from 'cron';
import { EnvReader } from './env-reader';

export interface StreamsConfig {
  topN: number;
  refreshCron: string;
  keepSnapshots: number;
  refreshOnStart: boolean;
}

export const streamsConfig = registerAs('streams', (): StreamsConfig => {
  const env = new EnvReader();
  return {
    topN: env.int('STREAMS_TOP_N', 1000, { min: 1, max: 100_000 }),
    refreshCron: env.matching(
      'STREAMS_REFRESH_CRON',
      '*/15 * * * *',
      'a cron expression such as */15 * * * *',
      (value) => validateCronExpression(value).valid,
    ),
    keepSnapshots: env.int('STREAMS_KEEP_SNAPSHOTS', 96, { min: 1, max: 100_000 }),
    refreshOnStart: env.boolean('STREAMS_REFRESH_ON_START', true),
  };
});
