import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { TwitchSimulator } from '../src/simulator/simulator-server';
import { TopStreamsJob } from '../src/streams/top-streams.job';
import { type BenchSection, median, ms, timeRuns } from './bench-utils';

/** The real job, @twurple included, against the in-process simulator with no injected latency. */
export async function benchTopStreamsJob(runs: number): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmt-bench-'));
  const savedEnv = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: `sqlite:${join(dataDir, 'job.sqlite')}`,
    STREAMS_TOP_N: '1000',
    STREAMS_REFRESH_ON_START: 'false',
    STREAMS_KEEP_SNAPSHOTS: '3',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ embeddedSimulator: true }), {
    logger: ['error', 'warn'],
  });
  try {
    const job = app.get(TopStreamsJob);
    const simulator = app.get(TwitchSimulator);
    const before = simulator.stats.helixRequests;
    const times = await timeRuns(() => job.run('bench'), runs, 1);
    const pages = (simulator.stats.helixRequests - before) / (runs + 1);
    const result = median(times);
    return {
      title: 'Top-streams job',
      lines: [
        `Fetch the top 1,000 streams page by page through @twurple from the in-process simulator (no injected ` +
          `latency, default page overlap) and write the snapshot to SQLite; median of ${runs} runs after one warm-up.`,
        '',
        '| streams | pages per run | median ms | min ms | max ms |',
        '|---:|---:|---:|---:|---:|',
        `| 1,000 | ${pages.toFixed(1)} | ${ms(result)} | ${ms(Math.min(...times))} | ${ms(Math.max(...times))} |`,
        '',
        `Target: under 2,000 ms: ${result < 2000 ? 'met' : 'NOT met'}.`,
      ],
    };
  } finally {
    await app.close();
    process.env = savedEnv;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
