import type { PresenceSource } from '../migration/presence-source';

/** Twitch sends no JOIN/PART for rooms over 1000 users. */
export const MEMBERSHIP_MAX_VIEWERS = 1000;

export interface SourceChoiceInput {
  /** A moderator token is configured. */
  chattersAvailable: boolean;
  /** Get Chatters needs the broadcaster id, known only for channels in the snapshot. */
  broadcasterId: string | null;
  /** The moderator token was refused for this channel before. */
  chattersForbidden: boolean;
  /** Null when the channel is not live in the latest snapshot. */
  viewers: number | null;
  /** Chat delivers others' JOIN/PART (IRC); over EventSub it does not. */
  membershipReadable: boolean;
}

/** CHATTERS when possible (the only full list), else MEMBERSHIP for small rooms, else chat activity. */
export function chooseSource(input: SourceChoiceInput): PresenceSource {
  if (input.chattersAvailable && input.broadcasterId !== null && !input.chattersForbidden) return 'CHATTERS';
  if (input.membershipReadable && input.viewers !== null && input.viewers < MEMBERSHIP_MAX_VIEWERS) {
    return 'MEMBERSHIP';
  }
  return 'ACTIVITY';
}
