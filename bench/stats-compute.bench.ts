import { SystemClock } from '../src/common/clock';
import { refreshPlannerStatistics } from '../src/database/planner-statistics';
import { SimulatorWorld } from '../src/simulator/simulator-world';
import { computeStreamStatisticsSql } from '../src/stats/sql-stream-statistics';
import { computeStreamStatistics } from '../src/stats/stream-statistics';
import { StreamSnapshotEntity } from '../src/streams/entities/stream-snapshot.entity';
import { StreamEntity } from '../src/streams/entities/stream.entity';
import type { StreamRecord } from '../src/streams/stream-record';
import { openTestDatabase, sqlTargets } from '../test/support/sql-test-database';
import { type BenchSection, median, ms, timeRuns } from './bench-utils';

/** Realistic snapshots: the simulator's live streams, with its Zipf-like viewer counts and ties. */
function snapshotOf(size: number): StreamRecord[] {
  const world = new SimulatorWorld(new SystemClock(), {
    seed: 11,
    channels: Math.ceil(size * 2.2),
    liveShare: 0.5,
  });
  return world
    .liveStreams()
    .slice(0, size)
    .map((s) => ({
      id: s.id,
      userId: s.userId,
      userLogin: s.userLogin,
      userName: s.userName,
      gameId: s.gameId || null,
      gameName: s.gameName || null,
      title: s.title,
      viewerCount: s.viewerCount,
      language: s.language,
      startedAt: new Date(s.startedAt),
    }));
}

export async function benchStatsCompute(sizes: number[]): Promise<BenchSection> {
  const rows: string[] = [];
  for (const size of sizes) {
    const streams = snapshotOf(size);
    if (streams.length < size) throw new Error(`The world has only ${streams.length} live streams`);
    const memory = median(await timeRuns(() => computeStreamStatistics(streams), 15, 3));
    rows.push(`| ${size.toLocaleString('en')} | MEMORY (TypeScript) | ${ms(memory)} |`);
    for (const target of sqlTargets()) {
      const db = await openTestDatabase(target, [StreamSnapshotEntity, StreamEntity]);
      try {
        const snapshot = await StreamSnapshotEntity.create({
          takenAt: new Date(),
          streamCount: streams.length,
          pagesFetched: 0,
          durationMs: 0,
        });
        for (let i = 0; i < streams.length; i += 1000) {
          await StreamEntity.bulkCreate(
            streams.slice(i, i + 1000).map((s) => ({ ...s, snapshotId: snapshot.id })),
          );
        }
        await refreshPlannerStatistics(db.sequelize, 'streams');
        const sql = median(await timeRuns(() => computeStreamStatisticsSql(db.sequelize, snapshot.id), 5, 1));
        rows.push(`| ${size.toLocaleString('en')} | DATABASE on ${target.name} | ${ms(sql)} |`);
      } finally {
        await db.close();
      }
    }
  }
  return {
    title: 'Statistics computation',
    lines: [
      'Every figure of `StreamStats` for one snapshot; median of 15 runs (memory) or 5 runs (SQL) after warm-up.',
      '',
      '| streams | source | median ms |',
      '|---:|---|---:|',
      ...rows,
    ],
  };
}
