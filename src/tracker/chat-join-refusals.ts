import type { ChatJoinRefusal } from '../twitch/twitch-chat.port';

/** A join Twitch refused is not tried again for this long: no retry storm on its NOTICE. */
export const REFUSED_JOIN_RETRY_MS = 10 * 60_000;
/** A join Twitch did not answer (it timed out, or the connection failed) is tried again after this long. */
export const UNANSWERED_JOIN_RETRY_MS = 60_000;

/** How a join that did not take ended: Twitch's refusal, or no answer at all. */
export type FailedJoin = ChatJoinRefusal | 'UNANSWERED';

/**
 * The joins Twitch refused, until they may be tried again, and the chat slots there really are meanwhile:
 * a refusal for the reading user's limit means it is in channels outside this service's count, so chat
 * keeps to the channels still joined or being joined, each further refusal taking one more off, until
 * the limit Twitch really applies is reached. Times are the caller's clock.
 */
export class ChatJoinRefusals {
  private readonly until = new Map<string, { until: number; unanswered: boolean }>();
  private cap: { slots: number; until: number } | null = null;

  refuse(login: string, failure: FailedJoin, now: number, slotsInUse: number): void {
    const unanswered = failure === 'UNANSWERED';
    const until = now + (unanswered ? UNANSWERED_JOIN_RETRY_MS : REFUSED_JOIN_RETRY_MS);
    this.until.set(login, { until, unanswered });
    if (failure === 'CHANNEL_LIMIT')
      this.cap = { slots: Math.min(slotsInUse, this.cap?.slots ?? Infinity), until };
  }

  /** A join failed and waits to be tried again (refused, or unanswered). */
  isRefused(login: string): boolean {
    return this.until.has(login);
  }

  /** The failed join was not answered (rather than refused). */
  isUnanswered(login: string): boolean {
    return this.until.get(login)?.unanswered ?? false;
  }

  /** The chat slots to use out of `nominal` (what Twitch's limit allows on paper). */
  slots(nominal: number): number {
    return Math.min(nominal, this.cap?.slots ?? Infinity);
  }

  /** The cap a refusal set, for the logs; null when there is none. */
  get cappedSlots(): number | null {
    return this.cap?.slots ?? null;
  }

  /** Forgets what may be tried again at `now`; true when anything was. */
  expire(now: number): boolean {
    let expired = false;
    if (this.cap && this.cap.until <= now) {
      this.cap = null;
      expired = true;
    }
    for (const [login, { until }] of this.until) {
      if (until > now) continue;
      this.until.delete(login);
      expired = true;
    }
    return expired;
  }
}
