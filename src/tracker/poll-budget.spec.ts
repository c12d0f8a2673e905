import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { ChattersPoll, TwitchChattersPort } from '../twitch/twitch-chatters.port';
import {
  MemoryTrackerStores,
  startTrackerService,
  TEST_TRACKER_CONFIG,
} from '../../test/tracker/tracker-fakes';
import type { ChannelSelectionService, SelectedChannel } from './channel-selection.service';
import {
  budgetedIntervalForTokens,
  budgetedIntervalMs,
  pagesPerPoll,
  plannedPointsPerMinute,
} from './poll-budget';
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

/** A moderator token of the fake: its key and which channels its user moderates. */
interface FakeToken {
  key: string;
  moderates: (broadcasterId: string) => boolean;
}

/**
 * Get Chatters for moderator tokens with Twitch's budget each: a bucket of `pointsPerMinute` points, full at
 * the start and refilled continuously on the clock; each page costs a point, and a page the bucket cannot
 * pay is answered 429 (counted; @twurple would wait for the reset, which is what must never happen). A
 * channel is read with the token that read it before, else with the least loaded token whose user
 * moderates it, as the adapter does.
 */
class BudgetedChatters {
  readonly pointsPerMinute = 800;
  readonly available = true;
  readonly revision = 0;
  spent = 0;
  tooManyRequests = 0;
  readonly polls = new Map<string, number[]>();
  readonly assigned = new Map<string, string>();
  private readonly buckets = new Map<string, { points: number; refilledAt: number }>();

  constructor(
    private readonly clock: ManualClock,
    private readonly chattersOf: (broadcasterId: string) => number,
    private readonly tokens: readonly FakeToken[] = [{ key: 'moderator-1', moderates: () => true }],
  ) {
    for (const { key } of tokens)
      this.buckets.set(key, { points: this.pointsPerMinute, refilledAt: clock.now() });
  }

  get budgets(): ReadonlyMap<string, number> {
    return new Map(this.tokens.map(({ key }) => [key, this.pointsPerMinute]));
  }

  moderatorFor(broadcasterId: string): string | null {
    return this.assigned.get(broadcasterId) ?? null;
  }

  async poll(broadcasterId: string): Promise<ChattersPoll> {
    const key = this.assigned.get(broadcasterId) ?? this.leastLoaded(broadcasterId);
    const now = this.clock.now();
    const bucket = this.buckets.get(key)!;
    bucket.points = Math.min(
      this.pointsPerMinute,
      bucket.points + ((now - bucket.refilledAt) * this.pointsPerMinute) / MINUTE,
    );
    bucket.refilledAt = now;
    const total = this.chattersOf(broadcasterId);
    const pages = pagesPerPoll(total, null);
    if (bucket.points < pages) {
      this.tooManyRequests++;
      throw new Error('429 Too Many Requests');
    }
    bucket.points -= pages;
    this.spent += pages;
    this.assigned.set(broadcasterId, key);
    this.polls.set(broadcasterId, [...(this.polls.get(broadcasterId) ?? []), now]);
    return { logins: [], total, complete: true };
  }

  private leastLoaded(broadcasterId: string): string {
    const channels = (key: string) => [...this.assigned.values()].filter((other) => other === key).length;
    const candidates = this.tokens.filter((token) => token.moderates(broadcasterId));
    return candidates.sort((a, b) => channels(a.key) - channels(b.key))[0].key;
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

  /**
   * `count` CHATTERS channels (1,000 by default) tracked for 5 simulated minutes, a round a second, against an
   * 800-point bucket per moderator token.
   */
  async function fiveMinutes(viewersPerChatter: number, tokens?: FakeToken[], count = 1000) {
    const clock = new ManualClock(START);
    const selected: SelectedChannel[] = Array.from({ length: count }, (_, i) => ({
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
    const chatters = new BudgetedChatters(clock, chattersOf, tokens);
    const config = { ...TEST_TRACKER_CONFIG, channels: count };
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

  it('adds the budgets of two moderator tokens up, each channel polled with a token that moderates it', async () => {
    // The second moderator moderates only even-numbered channels: the odd ones are the first one's.
    const tokens: FakeToken[] = [
      { key: 'moderator-1', moderates: () => true },
      { key: 'moderator-2', moderates: (id) => Number(id) % 2 === 0 },
    ];
    const { chatters, polls, budget } = await fiveMinutes(1, tokens, 2000);
    expect(budget.pointsPerMinute).toBe(1600);
    expect(budget.moderatorTokens).toBe(2);
    expect(chatters.tooManyRequests).toBe(0);
    for (const [id, key] of chatters.assigned) {
      if (Number(id) % 2 === 1) expect(key).toBe('moderator-1');
    }
    expect(chatters.spent / (budget.pointsPerMinute * 5)).toBeGreaterThanOrEqual(0.95);
    const expected = FIVE_MINUTES / budget.pollIntervalMs;
    for (const count of polls) expect(Math.abs(count - expected)).toBeLessThanOrEqual(1);
  });
});

describe('budgetedIntervalForTokens', () => {
  const channels = (count: number, token: string | null) =>
    Array.from({ length: count }, () => ({ pages: 1, token }));

  it('takes the longest interval any token needs for its own channels', () => {
    const budgets = new Map([
      ['a', 800],
      ['b', 800],
    ]);
    // 1,568 pages a minute fit two budgets at 98 %; all on one token need twice the interval.
    const split = [...channels(784, 'a'), ...channels(784, 'b')];
    expect(budgetedIntervalForTokens({ configuredMs: MINUTE, budgets, channels: split })).toBe(MINUTE);
    const lopsided = [...channels(1568, 'a')];
    expect(budgetedIntervalForTokens({ configuredMs: MINUTE, budgets, channels: lopsided })).toBe(2 * MINUTE);
  });

  it('counts a channel no token has read yet for the least loaded token, and a token it no longer has as none', () => {
    const budgets = new Map([
      ['a', 800],
      ['b', 400],
    ]);
    // 784 known on a; 392 unknown all go to b (b's 392 is 98 % of 400): one minute still.
    const known = [...channels(784, 'a'), ...channels(392, null)];
    expect(budgetedIntervalForTokens({ configuredMs: MINUTE, budgets, channels: known })).toBe(MINUTE);
    const refusedToken = [...channels(784, 'a'), ...channels(392, 'gone')];
    expect(budgetedIntervalForTokens({ configuredMs: MINUTE, budgets, channels: refusedToken })).toBe(MINUTE);
    expect(budgetedIntervalForTokens({ configuredMs: MINUTE, budgets: new Map(), channels: known })).toBe(
      MINUTE,
    );
  });
});
