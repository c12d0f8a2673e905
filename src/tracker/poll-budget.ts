/** Get Chatters returns at most 1,000 chatters a page, and each page is one Helix point. */
export const CHATTERS_PER_PAGE = 1000;

/**
 * Share of the token's Helix budget left for other calls with the same token (token validation, EventSub
 * subscriptions) and for audiences growing between two polls.
 */
export const BUDGET_RESERVE = 0.02;

/** A shorter interval is taken only when it is this much shorter, so that small moves do not re-spread polls. */
export const SHORTEN_THRESHOLD = 0.02;

/** Helix points one poll of a channel costs: its pages at the last poll, or its viewers before the first. */
export function pagesPerPoll(chatters: number | null, viewers: number | null): number {
  const audience = chatters ?? viewers ?? 0;
  return Math.max(1, Math.ceil(audience / CHATTERS_PER_PAGE));
}

export interface PollBudgetInput {
  /** TRACKER_POLL_INTERVAL: the interval wanted when the budget allows it. */
  configuredMs: number;
  /** The token's Helix points per minute (Twitch's `Ratelimit-Limit`: 800 for a user token). */
  pointsPerMinute: number;
  /** Points one poll of each CHATTERS channel costs. */
  pages: readonly number[];
}

/**
 * The poll interval that spends at most (1 − BUDGET_RESERVE) of the budget: TRACKER_POLL_INTERVAL while
 * every channel fits in it, longer (the same for every channel) when it does not, so that requests never
 * wait on the rate limit and, when there is more work than budget, the budget is used to 98 %.
 */
export function budgetedIntervalMs({ configuredMs, pointsPerMinute, pages }: PollBudgetInput): number {
  const pointsPerCycle = pages.reduce((sum, points) => sum + points, 0);
  const usable = pointsPerMinute * (1 - BUDGET_RESERVE);
  if (pointsPerCycle === 0 || !(usable > 0)) return configuredMs;
  return Math.max(configuredMs, Math.ceil((pointsPerCycle * 60_000) / usable));
}

/** Points per minute the polls of `pages` cost at `intervalMs`. */
export function plannedPointsPerMinute(pages: readonly number[], intervalMs: number): number {
  return (pages.reduce((sum, points) => sum + points, 0) * 60_000) / intervalMs;
}
