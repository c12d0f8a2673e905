import { gql, type TypedDocumentNode } from '@apollo/client';
import { MIGRATION_FIELDS, type MigrationFields } from '../common/migration.fragment';

export interface ChannelMigrationsData {
  migrations: {
    totalCount: number;
    edges: Array<{ cursor: string; node: MigrationFields }>;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

export interface ChannelMigrationsVars {
  fromChannel?: string;
  toChannel?: string;
  since: string;
  until: string;
  first: number;
  after?: string;
}

/** Rows per page of the channel's migrations table. */
export const MIGRATIONS_PAGE_SIZE = 20;

export const CHANNEL_MIGRATIONS: TypedDocumentNode<ChannelMigrationsData, ChannelMigrationsVars> = gql`
  query ChannelMigrations(
    $fromChannel: String
    $toChannel: String
    $since: DateTime!
    $until: DateTime!
    $first: Int!
    $after: String
  ) {
    migrations(
      fromChannel: $fromChannel
      toChannel: $toChannel
      since: $since
      until: $until
      first: $first
      after: $after
    ) {
      totalCount
      edges {
        cursor
        node {
          ...MigrationFields
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
  ${MIGRATION_FIELDS}
`;
