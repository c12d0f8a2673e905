import { beforeAll, describe, expect, it } from '@jest/globals';
import type { SourceAccuracy } from '../../bench/accuracy/accuracy-matching';
import { type AccuracyReport, evaluateAccuracy } from '../../bench/accuracy/evaluate-accuracy';

const visibleRecall = (a: SourceAccuracy) => a.visibleFound / a.visibleTruths;

/**
 * A unit-sized run of the accuracy evaluation (bench/accuracy, docs/accuracy.md): 20 channels, 30
 * simulated minutes, all three sources through the real twurple adapters against the simulator, scored
 * against the truth projected onto the monitored channels, in both pairing modes on the same events.
 * Measured at this size (seed 1, projected truth), `live` (the default) / `exact`: CHATTERS precision
 * 0.981 / 0.992, recall 0.942 / 0.949, latency from the join p95 0.65 / 2.65 polls; MEMBERSHIP precision
 * 0.986 / 0.988, recall of what chat delivered 0.977 in both; ACTIVITY precision 0.901 / 0.906, recall
 * of what chatters showed 0.962 / 0.970. The floors sit a little under those: the run is seeded and
 * repeatable, so a drop means the tracker changed (reversing the detector's nearest pairing, for one,
 * fails every source).
 */
describe('migration detection accuracy (unit-sized)', () => {
  let report: AccuracyReport;

  beforeAll(async () => {
    report = await evaluateAccuracy({
      seed: 1,
      channels: 20,
      simulatedMinutes: 30,
      source: 'ALL',
      audienceScale: 0.05,
    });
  }, 120_000);

  it('CHATTERS finds the migrations of the projected truth, and few else', () => {
    const chatters = report.sources.CHATTERS!;
    expect(report.options.pairing).toBe('live');
    expect(report.trueMigrations.projected).toBeGreaterThan(800);
    expect(chatters.projected.precision).toBeGreaterThanOrEqual(0.975);
    expect(chatters.projected.recall).toBeGreaterThanOrEqual(0.935);
    // Against the raw hops, chains through unwatched channels and multi-viewers count as errors.
    expect(chatters.raw.precision).toBeGreaterThanOrEqual(0.94);
  });

  it('exact pairing is a little more accurate; live releases CHATTERS migrations within two polls', () => {
    const live = report.pairings.live!.CHATTERS!;
    const exact = report.pairings.exact!.CHATTERS!;
    expect(exact.projected.precision).toBeGreaterThanOrEqual(0.98);
    expect(exact.projected.recall).toBeGreaterThanOrEqual(0.94);
    const poll = report.options.pollIntervalMs;
    expect(live.latency.p95Ms).toBeLessThanOrEqual(2 * poll);
    // Released in the round that saw the later side.
    expect(live.latencyFromBoth.p95Ms).toBe(0);
    expect(exact.latency.p95Ms).toBeGreaterThan(2 * poll);
  });

  it('MEMBERSHIP finds what chat delivered JOIN and PART lines for', () => {
    const membership = report.sources.MEMBERSHIP!.projected;
    expect(membership.visibleTruths).toBeGreaterThan(500);
    expect(membership.precision).toBeGreaterThanOrEqual(0.97);
    expect(visibleRecall(membership)).toBeGreaterThanOrEqual(0.95);
  });

  it('ACTIVITY finds the migrations of users who chatted on both sides', () => {
    const activity = report.sources.ACTIVITY!.projected;
    expect(activity.visibleTruths).toBeGreaterThan(180);
    expect(activity.precision).toBeGreaterThanOrEqual(0.87);
    expect(visibleRecall(activity)).toBeGreaterThanOrEqual(0.94);
  });
});
