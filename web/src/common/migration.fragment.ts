import { gql } from '@apollo/client';

/** How a presence was observed (the API's PresenceSource). */
export type PresenceSource = 'CHATTERS' | 'MEMBERSHIP' | 'ACTIVITY';
export const PRESENCE_SOURCES: readonly PresenceSource[] = ['CHATTERS', 'MEMBERSHIP', 'ACTIVITY'];

/** One migration as the `migrations` query and the `migrationRecorded` subscription give it. */
export interface MigrationFields {
  id: string;
  userLogin: string;
  fromChannel: string;
  toChannel: string;
  leftAt: string;
  joinedAt: string;
  source: PresenceSource;
  viaRaid: boolean;
}

export const MIGRATION_FIELDS = gql`
  fragment MigrationFields on Migration {
    id
    userLogin
    fromChannel
    toChannel
    leftAt
    joinedAt
    source
    viaRaid
  }
`;
