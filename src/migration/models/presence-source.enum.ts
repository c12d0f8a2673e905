import { registerEnumType } from '@nestjs/graphql';
import type { MigrationSource } from '../migration-record';

/** How the joining side of a migration was observed; values equal the records' `MigrationSource`. */
export enum PresenceSource {
  CHATTERS = 'CHATTERS',
  MEMBERSHIP = 'MEMBERSHIP',
  ACTIVITY = 'ACTIVITY',
}

registerEnumType(PresenceSource, {
  name: 'PresenceSource',
  valuesMap: {
    CHATTERS: { description: 'Helix Get Chatters: full lists polled as a moderator.' },
    MEMBERSHIP: { description: 'IRC JOIN/PART events (rooms under 1000 users).' },
    ACTIVITY: { description: 'Chat messages: present until a while after the last one.' },
  },
});

/** The GraphQL enum for a stored source; the string values are the same by construction. */
export function toPresenceSource(source: MigrationSource): PresenceSource {
  return PresenceSource[source];
}
