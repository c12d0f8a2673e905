import { gql, type TypedDocumentNode } from '@apollo/client';

export interface ViewerCountPoint {
  at: string;
  viewers: number | null;
  chatters: number | null;
}

export interface ViewerCountsData {
  viewerCounts: ViewerCountPoint[];
}

export interface ViewerCountsVars {
  channel: string;
  since: string;
  until: string;
}

export const VIEWER_COUNTS: TypedDocumentNode<ViewerCountsData, ViewerCountsVars> = gql`
  query ViewerCounts($channel: String!, $since: DateTime!, $until: DateTime!) {
    viewerCounts(channel: $channel, since: $since, until: $until) {
      at
      viewers
      chatters
    }
  }
`;
