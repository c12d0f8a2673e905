import { gql } from '@apollo/client';
import type { PresenceSource } from './migration.fragment';

/** A channel the tracker watches, as the channel panel and the tracker view read it. */
export interface MonitoredChannelFields {
  login: string;
  pinned: boolean;
  source: PresenceSource;
  since: string;
  lastPolledAt: string | null;
  chatters: number | null;
  keptUntil: string | null;
  /** Why the channel is not read now (its chat could not be joined), or null while it is. */
  unwatchedReason: 'CHAT_CHANNEL_LIMIT' | 'CHAT_JOIN_REFUSED' | 'CHAT_JOIN_UNANSWERED' | null;
}

export const MONITORED_CHANNEL_FIELDS = gql`
  fragment MonitoredChannelFields on MonitoredChannel {
    login
    pinned
    source
    since
    lastPolledAt
    chatters
    keptUntil
    unwatchedReason
  }
`;
