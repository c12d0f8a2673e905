import { gql, type TypedDocumentNode } from '@apollo/client';

export interface MigrationGraphStream {
  id: string;
  userLogin: string;
  userName: string;
  gameName: string | null;
  viewerCount: number;
}

export interface MigrationGraphNode {
  channel: string;
  incoming: number;
  outgoing: number;
  stream: MigrationGraphStream | null;
}

export interface MigrationGraphEdge {
  from: string;
  to: string;
  count: number;
  shareOfSourceLeavers: number | null;
  shareOfTargetJoiners: number | null;
}

export interface MigrationGraphResult {
  since: string;
  until: string;
  totalMigrations: number;
  nodes: MigrationGraphNode[];
  edges: MigrationGraphEdge[];
}

export interface MigrationGraphData {
  migrationGraph: MigrationGraphResult;
}

export interface MigrationGraphVars {
  since?: string;
  until?: string;
  minCount?: number;
  limit?: number;
  channels?: string[];
}

export const MIGRATION_GRAPH: TypedDocumentNode<MigrationGraphData, MigrationGraphVars> = gql`
  query MigrationGraph(
    $since: DateTime
    $until: DateTime
    $minCount: Int
    $limit: Int
    $channels: [String!]
  ) {
    migrationGraph(since: $since, until: $until, minCount: $minCount, limit: $limit, channels: $channels) {
      since
      until
      totalMigrations
      nodes {
        channel
        incoming
        outgoing
        stream {
          id
          userLogin
          userName
          gameName
          viewerCount
        }
      }
      edges {
        from
        to
        count
        shareOfSourceLeavers
        shareOfTargetJoiners
      }
    }
  }
`;
