import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { ChattersPoll, TwitchChattersPort } from '../twitch/twitch-chatters.port';
import {
  MemoryTrackerStores,
  startTrackerService,
  TEST_TRACKER_CONFIG,
} from '../../test/tracker/tracker-fakes';
import type { ChannelSelectionService, SelectedChannel } from './channel-selection.service';
import { budgetedIntervalMs, pagesPerPoll, plannedPointsPerMinute } from './poll-budget';
import type { TrackerService } from './tracker.service';

const S = 1000;
const MINUTE = 60 * S;
const START = Date.UTC(2026, 11, 6, 12);
const FIVE_MINUTES = 5 * MINUTE;

describe('budgetedIntervalMs', () => {
  it('keeps TRACKER_POLL_INTERVAL while every channel fits in the budget', () => {
    expect(budgetedIntervalMs({ configuredMs: MINUTE, pointsPerMinute: 800, pages: [1, 1, 3] })).toBe(MINUTE);
    expect(budgetedIntervalMs({ configuredMs: MINUTE, pointsPerMinute: 800, pages: [] })).toBe(MINUTE);
  });

  it('stretches the interval so that the polls spend 98 % of the budget when they need more', () => {
    const pages = Array.from({ length: 1000 }, () => 1.6);
    const interval = budgetedIntervalMs({ configuredMs: MINUTE, pointsPerMinute: 800, pages });
    expect(interval).toBeGreaterThan(MINUTE);
    expect(plannedPointsPerMinute(pages, interval) / 800).toBeCloseTo(0.98, 3);
  });

  it('counts a poll as its pages: the last total, or the viewers before the first poll', () => {
    expect(pagesPerPoll(0, 5000)).toBe(1);
    expect(pagesPerPoll(1000, null)).toBe(1);
    expect(pagesPerPoll(1001, null)).toBe(2);
    expect(pagesPerPoll(null, 25_500)).toBe(26);
    expect(pagesPerPoll(null, null)).toBe(1);
  });
});

/**
 * Get Chatters for one moderator token with Twitch's budget: a bucket of `pointsPerMinute` points, full at
 * the start and refilled continuously on the clock; each page costs a point, and a page the bucket cannot
 * pay is answered 429 (counted; @twurple would wait for the reset, which is what must never happen).
 */
class BudgetedChatters {
  readonly pointsPerMinute = 800;
  readonly available = true;
  readonly revision = 0;
  spent = 0;
  tooManyRequests = 0;
  readonly polls = new Map<string, number[]>();
  private points = this.pointsPerMinute;
  private refilledAt: number;

  constructor(
    private readonly clock: ManualClock,
    private readonly chattersOf: (broadcasterId: string) => number,
  ) {
    this.refilledAt = clock.now();
  }

  async poll(broadcasterId: string): Promise<ChattersPoll> {
    const now = this.clock.now();
    this.points = Math.min(
      this.pointsPerMinute,
      this.points + ((now - this.refilledAt) * this.pointsPerMinute) / MINUTE,
    );
    this.refilledAt = now;
    const total = this.chattersOf(broadcasterId);
    const pages = pagesPerPoll(total, null);
    if (this.points < pages) {
      this.tooManyRequests++;
      throw new Error('429 Too Many Requests');
    }
    this.points -= pages;
    this.spent += pages;
    this.polls.set(broadcasterId, [...(this.polls.get(broadcasterId) ?? []), now]);
    return { logins: [], total, complete: true };
  }
}

/** A long tail of audiences, as on Twitch: a few channels of tens of thousands, most under a thousand. */
const chattersOf = (id: string) => Math.round(60_000 / (Number(id) + 1) ** 1.1) + 40;

describe('polls within the Helix budget', () => {
  let tracker: TrackerService | undefined;
  afterEach(async () => {
    await tracker?.beforeApplicationShutdown();
    tracker = undefined;
  });

  /** 1,000 CHATTERS channels tracked for 5 simulated minutes, a round a second, against an 800-point bucket. */
  async function fiveMinutes(viewersPerChatter: number) {
    const clock = new ManualClock(START);
    const selected: SelectedChannel[] = Array.from({ length: 1000 }, (_, i) => ({
      login: `channel${i}`,
      broadcasterId: String(i),
      viewers: viewersPerChatter * chattersOf(String(i)),
      pinned: false,
      keptUntil: null,
    }));
    const selection = {
      revision: 1,
      refresh: async () => undefined,
      selected: () => selected,
      release: () => undefined,
    } as unknown as ChannelSelectionService;
    const chatters = new BudgetedChatters(clock, chattersOf);
    const config = { ...TEST_TRACKER_CONFIG, channels: 1000 };
    const started = await startTrackerService({
      config,
      selection,
      chatters: chatters as unknown as TwitchChattersPort,
      stores: new MemoryTrackerStores(),
      clock,
    });
    tracker = started.tracker;
    for (let elapsed = 0; elapsed < FIVE_MINUTES; elapsed += S) {
      await tracker.tick();
      clock.advance(S);
    }
    const polls = selected.map((channel) => chatters.polls.get(channel.broadcasterId!)?.length ?? 0);
    return { chatters, polls, budget: started.channels.pollBudget(), configuredMs: config.pollIntervalMs };
  }

  it('polls 1,000 channels for 5 minutes with no 429, 95 % of the budget used, each at its announced interval', async () => {
    const { chatters, polls, budget, configuredMs } = await fiveMinutes(1);
    // More work than budget: the interval was stretched beyond TRACKER_POLL_INTERVAL.
    expect(budget.pollIntervalMs).toBeGreaterThan(configuredMs);
    expect(budget.plannedPointsPerMinute / budget.pointsPerMinute).toBeLessThanOrEqual(0.98);
    expect(chatters.tooManyRequests).toBe(0);
    expect(chatters.spent / (budget.pointsPerMinute * 5)).toBeGreaterThanOrEqual(0.95);
    const expected = FIVE_MINUTES / budget.pollIntervalMs;
    for (const count of polls) expect(Math.abs(count - expected)).toBeLessThanOrEqual(1);
  });

  it('lets no channel wait while the interval comes down from viewer counts that overstate the chatters', async () => {
    // Before its first poll a channel's pages are guessed from its viewers, here three times its chatters.
    const { chatters, polls, budget } = await fiveMinutes(3);
    expect(chatters.tooManyRequests).toBe(0);
    // The first round plans a longer interval: everyone is polled, none more often than the budget allows.
    const expected = FIVE_MINUTES / budget.pollIntervalMs;
    expect(Math.min(...polls)).toBeGreaterThanOrEqual(Math.floor(expected) - 1);
    expect(Math.max(...polls)).toBeLessThanOrEqual(Math.ceil(expected));
    expect(chatters.spent / (budget.pointsPerMinute * 5)).toBeGreaterThanOrEqual(0.85);
  });
});
