import { gql, type TypedDocumentNode } from '@apollo/client';
import { MONITORED_CHANNEL_FIELDS, type MonitoredChannelFields } from '../common/monitored-channel.fragment';

export interface MonitoredChannelRow extends MonitoredChannelFields {
  stream: { id: string; viewerCount: number; gameName: string | null } | null;
}

export interface TrackerData {
  trackerStatus: {
    running: boolean;
    channels: number;
    keptChannels: number;
    unwatchedChannels: number;
    pollIntervalMs: number;
    helixPointsPerMinute: number;
    plannedHelixPointsPerMinute: number;
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
      keptChannels
      unwatchedChannels
      pollIntervalMs
      helixPointsPerMinute
      plannedHelixPointsPerMinute
      trackedUsers
      migrationsRecorded
      lastRoundAt
      lastRoundMs
    }
    monitoredChannels {
      ...MonitoredChannelFields
      stream {
        id
        viewerCount
        gameName
      }
    }
  }
  ${MONITORED_CHANNEL_FIELDS}
`;
