import { gql, type TypedDocumentNode } from '@apollo/client';

export type SortOrder = 'ASC' | 'DESC';

/** A stream as the tables show it. */
export interface StreamRow {
  id: string;
  userLogin: string;
  userName: string;
  title: string | null;
  gameId: string | null;
  gameName: string | null;
  viewerCount: number;
  language: string | null;
  startedAt: string | null;
}

export const STREAM_ROW_FIELDS = gql`
  fragment StreamRowFields on Stream {
    id
    userLogin
    userName
    title
    gameId
    gameName
    viewerCount
    language
    startedAt
  }
`;

export interface TopStreamsData {
  topStreams: StreamRow[];
}

export const TOP_STREAMS: TypedDocumentNode<TopStreamsData, { limit: number; order: SortOrder }> = gql`
  query TopStreams($limit: Int!, $order: SortOrder!) {
    topStreams(limit: $limit, order: $order) {
      ...StreamRowFields
    }
  }
  ${STREAM_ROW_FIELDS}
`;
