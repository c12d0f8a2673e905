import { gql, type TypedDocumentNode } from '@apollo/client';
import type { PresenceSource } from '../common/migration.fragment';

export interface MonitoredChannelRow {
  login: string;
  source: PresenceSource;
  pinned: boolean;
  since: string;
  lastPolledAt: string | null;
  chatters: number | null;
  keptUntil: string | null;
  stream: { id: string; viewerCount: number; gameName: string | null } | null;
}

export interface TrackerData {
  trackerStatus: {
    running: boolean;
    channels: number;
    trackedUsers: number;
    migrationsRecorded: number;
    lastRoundAt: string | null;
    lastRoundMs: number | null;
  };
  monitoredChannels: MonitoredChannelRow[];
}

export const TRACKER: TypedDocumentNode<TrackerData, Record<string, never>> = gql`
  query Tracker {
    trackerStatus {
      running
      channels
      trackedUsers
      migrationsRecorded
      lastRoundAt
      lastRoundMs
    }
    monitoredChannels {
      login
      source
      pinned
      since
      lastPolledAt
      chatters
      keptUntil
      stream {
        id
        viewerCount
        gameName
      }
    }
  }
`;
