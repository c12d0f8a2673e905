import { gql, type TypedDocumentNode } from '@apollo/client';

export type StatsSource = 'MEMORY' | 'DATABASE';
export const STATS_SOURCES: readonly StatsSource[] = ['MEMORY', 'DATABASE'];

export interface GameStatsRow {
  gameId: string;
  gameName: string | null;
  streamCount: number;
  maxViewers: number;
  totalViewers: number;
}

export interface ViewerCountGroupRow {
  viewerCount: number;
  streams: { id: string; userLogin: string; userName: string }[];
}

export interface StreamStatsAnswer {
  source: StatsSource;
  snapshot: { id: string; takenAt: string; streamCount: number };
  totalStreams: number;
  medianViewers: number;
  oddViewerStreams: number;
  evenViewerStreams: number;
  duplicateViewerStreams: number;
  games: GameStatsRow[];
  duplicateGroups: ViewerCountGroupRow[];
}

export interface StreamStatsData {
  streamStats: StreamStatsAnswer;
}

export interface StreamStatsVars {
  source: StatsSource;
  groupsLimit: number;
}

/** Every figure of one source; all games (the API's most is 1000), so that the table sorts them all. */
export const STREAM_STATS: TypedDocumentNode<StreamStatsData, StreamStatsVars> = gql`
  query StreamStats($source: StatsSource!, $groupsLimit: Int!) {
    streamStats(source: $source) {
      source
      snapshot {
        id
        takenAt
        streamCount
      }
      totalStreams
      medianViewers
      oddViewerStreams
      evenViewerStreams
      duplicateViewerStreams
      games(limit: 1000) {
        gameId
        gameName
        streamCount
        maxViewers
        totalViewers
      }
      duplicateGroups(limit: $groupsLimit) {
        viewerCount
        streams {
          id
          userLogin
          userName
        }
      }
    }
  }
`;

export interface RefreshTopStreamsData {
  refreshTopStreams: { id: string; takenAt: string; streamCount: number };
}

export const REFRESH_TOP_STREAMS: TypedDocumentNode<RefreshTopStreamsData, Record<string, never>> = gql`
  mutation RefreshTopStreams {
    refreshTopStreams {
      id
      takenAt
      streamCount
    }
  }
`;
