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

/** One CHATTERS channel for the budget: its pages a poll, and the token that reads it (null: none yet). */
export interface BudgetedChannel {
  pages: number;
  token: string | null;
}

export interface TokensBudgetInput {
  configuredMs: number;
  /** Each usable moderator token's Helix points per minute. */
  budgets: ReadonlyMap<string, number>;
  channels: readonly BudgetedChannel[];
}

/**
 * The poll interval with several moderator tokens, each polling its channels on its own budget: the
 * longest any token needs for its channels (budgetedIntervalMs), so that no token waits on its limit and
 * the budgets add up. A channel no token has read yet counts for the token it would most likely go to: the
 * one with the least load for its budget (the adapter tries that one first).
 */
export function budgetedIntervalForTokens({ configuredMs, budgets, channels }: TokensBudgetInput): number {
  if (budgets.size === 0) return configuredMs;
  const loads = new Map([...budgets.keys()].map((token) => [token, [] as number[]]));
  const unknown: number[] = [];
  for (const { pages, token } of channels) {
    const load = token === null ? undefined : loads.get(token);
    if (load) load.push(pages);
    else unknown.push(pages);
  }
  const total = (token: string) => (loads.get(token) ?? []).reduce((sum, points) => sum + points, 0);
  const spent = new Map([...budgets.keys()].map((token) => [token, total(token)]));
  for (const pages of unknown.sort((a, b) => b - a)) {
    let best = '';
    let bestShare = Number.POSITIVE_INFINITY;
    for (const [token, pointsPerMinute] of budgets) {
      const share = ((spent.get(token) ?? 0) + pages) / pointsPerMinute;
      if (share < bestShare) [best, bestShare] = [token, share];
    }
    spent.set(best, (spent.get(best) ?? 0) + pages);
    loads.get(best)?.push(pages);
  }
  let intervalMs = configuredMs;
  for (const [token, pointsPerMinute] of budgets) {
    const pages = loads.get(token) ?? [];
    intervalMs = Math.max(intervalMs, budgetedIntervalMs({ configuredMs, pointsPerMinute, pages }));
  }
  return intervalMs;
}

/** Points per minute the polls of `pages` cost at `intervalMs`. */
export function plannedPointsPerMinute(pages: readonly number[], intervalMs: number): number {
  return (pages.reduce((sum, points) => sum + points, 0) * 60_000) / intervalMs;
}
