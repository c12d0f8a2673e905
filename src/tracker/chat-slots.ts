/** A channel that would be read from chat, as the slot allocation ranks it. */
export interface ChatSlotCandidate {
  login: string;
  pinned: boolean;
  /** Viewers in the latest snapshot; null when the channel is not in it (kept after going offline). */
  viewers: number | null;
}

/**
 * A waiting channel takes the slot of a watched one only with this many times its audience: rejoining
 * costs JOINs from Twitch's 20 per 10 s and forgets who was present, so channels near the boundary of the
 * ranking must not swap places every time the snapshot moves.
 */
export const DISPLACEMENT_RATIO = 2;

function outranks(a: ChatSlotCandidate, b: ChatSlotCandidate): boolean {
  if (a.pinned !== b.pinned) return a.pinned;
  return (a.viewers ?? 0) > DISPLACEMENT_RATIO * (b.viewers ?? 0);
}

/** Pinned first, then the biggest audience, then by login so that equal channels rank the same way each time. */
function byRank(a: ChatSlotCandidate, b: ChatSlotCandidate): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  const viewers = (b.viewers ?? -1) - (a.viewers ?? -1);
  if (viewers !== 0) return viewers;
  return a.login < b.login ? -1 : a.login > b.login ? 1 : 0;
}

/**
 * Which chat channels get one of the `capacity` slots Twitch's concurrent-channel limit leaves: the
 * channels watched now keep theirs (the lowest ranked go first when there are fewer slots than before),
 * free slots go to the best-ranked waiting channels, and a waiting channel takes the slot of the lowest
 * ranked watched one when it is pinned and that one is not, or has `DISPLACEMENT_RATIO` times its audience.
 */
export function allocateChatSlots(
  candidates: readonly ChatSlotCandidate[],
  watched: ReadonlySet<string>,
  capacity: number,
): Set<string> {
  const ranked = [...candidates].sort(byRank);
  const holding = ranked.filter((candidate) => watched.has(candidate.login));
  holding.length = Math.min(holding.length, Math.max(0, capacity));
  for (const candidate of ranked) {
    if (watched.has(candidate.login)) continue;
    if (holding.length >= capacity) {
      const weakest = holding[holding.length - 1];
      if (!weakest || !outranks(candidate, weakest)) continue;
      holding.pop();
    }
    const at = holding.findIndex((held) => byRank(candidate, held) < 0);
    holding.splice(at < 0 ? holding.length : at, 0, candidate);
  }
  return new Set(holding.map((candidate) => candidate.login));
}
