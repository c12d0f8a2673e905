import { gql, type TypedDocumentNode } from '@apollo/client';
import { STREAM_ROW_FIELDS, type StreamRow } from './top-streams.query';

export type Parity = 'ODD' | 'EVEN';

export interface StreamsData {
  streams: {
    totalCount: number;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    edges: { cursor: string; node: StreamRow }[];
  };
}

export interface StreamsVars {
  first: number;
  after?: string;
  gameId?: string;
  parity?: Parity;
  viewerCount?: number;
}

export const STREAMS: TypedDocumentNode<StreamsData, StreamsVars> = gql`
  query Streams($first: Int!, $after: String, $gameId: ID, $parity: Parity, $viewerCount: Int) {
    streams(first: $first, after: $after, gameId: $gameId, parity: $parity, viewerCount: $viewerCount) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        cursor
        node {
          ...StreamRowFields
        }
      }
    }
  }
  ${STREAM_ROW_FIELDS}
`;

export interface GameChoicesData {
  streamStats: { games: { gameId: string; gameName: string | null }[] };
}

/** The games of the latest snapshot, for the game filter. */
export const GAME_CHOICES: TypedDocumentNode<GameChoicesData, Record<string, never>> = gql`
  query GameChoices {
    streamStats {
      games(limit: 1000) {
        gameId
        gameName
      }
    }
  }
`;
