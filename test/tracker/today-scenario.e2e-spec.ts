import { beforeAll, describe, expect, it } from '@jest/globals';
import { evaluateToday, type TodayReport } from '../../bench/accuracy/evaluate-today';

const count = (report: TodayReport, group: string) =>
  report.channelsAtEnd
    .filter((row) => row.group.startsWith(group))
    .reduce((sum, row) => sum + row.channels, 0);

/**
 * The deployed scenario of the accuracy evaluation (bench/accuracy/evaluate-today.ts, docs/accuracy.md) at
 * the size of a test: the real app over 20 channels, a moderator of 2 of them who is the one EventSub chat
 * reader, a join limit of 5 (the app assumes Twitch's 100 and learns the real one from the refusals), the
 * Helix budget on the simulated clock. What it checks does not depend on how fast the machine is: which
 * source reads which channel, how many are unwatched, no 429 for the Helix budget, and sources stored as
 * documented.
 */
describe("today's Twitch through the deployed tracker (test-sized)", () => {
  let report: TodayReport;

  beforeAll(async () => {
    report = await evaluateToday({
      channels: 20,
      moderatedShare: 0.1,
      joinLimit: 5,
      simulatedMinutes: 15,
      worldChannels: 400,
      audienceScale: 0.05,
      warmupMs: 3 * 60_000,
    });
  }, 120_000);

  it('reads the moderated channels from Get Chatters and as many others as the join limit lets chat read', () => {
    expect(report.monitored).toBe(20);
    expect(report.moderated).toBe(2);
    expect(count(report, 'CHATTERS')).toBe(2);
    expect(count(report, 'ACTIVITY')).toBe(5);
    expect(count(report, 'unwatched')).toBe(13);
    expect(count(report, 'MEMBERSHIP')).toBe(0);
    expect(report.eventSub.chatRooms).toBe(5);
  });

  it('keeps to the Helix budget: no 429 for an empty bucket, no round held up', () => {
    expect(report.rateLimited).toBe(0);
    for (const bucket of report.helix) expect(bucket.refused).toBe(0);
    expect(report.stalls).toEqual({ rounds: 0, notifications: 0 });
  });

  it('stores migrations with the source of the channel joined, never MEMBERSHIP over EventSub', () => {
    expect(report.sources.MEMBERSHIP).toBeUndefined();
    const stored = Object.values(report.sources).reduce((sum, s) => sum + s.stored, 0);
    // The tracker's count is taken before the stop, which stores the pairs still waiting for the watermark.
    expect(report.tracker.migrationsRecorded).toBeGreaterThan(0);
    expect(stored).toBeGreaterThanOrEqual(report.tracker.migrationsRecorded);
    expect(report.sources.ACTIVITY!.stored).toBeGreaterThan(0);
  });
});
