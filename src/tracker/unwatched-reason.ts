import { registerEnumType } from '@nestjs/graphql';

/**
 * Why a monitored channel is not read now: the tracker's state and the GraphQL enum alike (a const object,
 * like PresenceSource, so that plain code can use the string values).
 */
export const UnwatchedReason = {
  CHAT_CHANNEL_LIMIT: 'CHAT_CHANNEL_LIMIT',
  CHAT_JOIN_REFUSED: 'CHAT_JOIN_REFUSED',
  CHAT_JOIN_UNANSWERED: 'CHAT_JOIN_UNANSWERED',
} as const;

export type UnwatchedReason = (typeof UnwatchedReason)[keyof typeof UnwatchedReason];

registerEnumType(UnwatchedReason, {
  name: 'UnwatchedReason',
  valuesMap: {
    CHAT_CHANNEL_LIMIT: {
      description:
        'Read from chat, and every chat slot is taken: Twitch lets one chat user be in at most 100 channels ' +
        'at once (channels it moderates aside), and pins and bigger audiences come first.',
    },
    CHAT_JOIN_REFUSED: {
      description:
        'Twitch refused to join its chat (the reading user was at its limit, or the channel is suspended); ' +
        'tried again 10 minutes later.',
    },
    CHAT_JOIN_UNANSWERED: {
      description:
        'Twitch did not answer the join of its chat in time (or the chat connection failed); tried again a ' +
        'minute later.',
    },
  },
});
