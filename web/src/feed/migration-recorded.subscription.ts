import { gql, type TypedDocumentNode } from '@apollo/client';

export interface RecordedMigration {
  id: string;
  userLogin: string;
  fromChannel: string;
  toChannel: string;
  leftAt: string;
  joinedAt: string;
  source: 'ACTIVITY' | 'CHATTERS' | 'MEMBERSHIP';
  viaRaid: boolean;
}

export interface MigrationRecordedData {
  migrationRecorded: RecordedMigration;
}

export const MIGRATION_RECORDED: TypedDocumentNode<MigrationRecordedData, { channel?: string }> = gql`
  subscription MigrationRecorded($channel: String) {
    migrationRecorded(channel: $channel) {
      id
      userLogin
      fromChannel
      toChannel
      leftAt
      joinedAt
      source
      viaRaid
    }
  }
`;
