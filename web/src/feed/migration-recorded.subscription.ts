import { gql, type TypedDocumentNode } from '@apollo/client';
import { MIGRATION_FIELDS, type MigrationFields } from '../common/migration.fragment';

export interface MigrationRecordedData {
  migrationRecorded: MigrationFields;
}

export const MIGRATION_RECORDED: TypedDocumentNode<MigrationRecordedData, { channel?: string }> = gql`
  subscription MigrationRecorded($channel: String) {
    migrationRecorded(channel: $channel) {
      ...MigrationFields
    }
  }
  ${MIGRATION_FIELDS}
`;
