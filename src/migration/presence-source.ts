import { registerEnumType } from '@nestjs/graphql';

/**
 * How a presence (and so the joining side of a migration) was observed: the tracker's sources, the
 * stored records' `source` and the GraphQL enum alike. A const object rather than a TypeScript enum so
 * that the tracker's pure code can use the plain string values.
 */
export const PresenceSource = {
  CHATTERS: 'CHATTERS',
  MEMBERSHIP: 'MEMBERSHIP',
  ACTIVITY: 'ACTIVITY',
} as const;

export type PresenceSource = (typeof PresenceSource)[keyof typeof PresenceSource];

registerEnumType(PresenceSource, {
  name: 'PresenceSource',
  valuesMap: {
    CHATTERS: { description: 'Helix Get Chatters: full lists polled as a moderator.' },
    MEMBERSHIP: { description: 'IRC JOIN/PART events (rooms under 1000 users).' },
    ACTIVITY: { description: 'Chat messages: present until a while after the last one.' },
  },
});
