import { IssuedToken } from './auth-tokens';

export const CHAT_MESSAGE = 'channel.chat.message';
export const CHAT_NOTIFICATION = 'channel.chat.notification';
export const CHANNEL_RAID = 'channel.raid';

/** What the chatting user must grant for the chat types (Twitch: `user:read:chat` over WebSocket). */
export const CHAT_SCOPE = 'user:read:chat';

/** The message of Twitch's 403 for a subscription the token may not create. */
export const MISSING_AUTHORIZATION = 'subscription missing proper authorization';

/** A condition the simulator accepted, with what routing its events takes. */
export interface ParsedCondition {
  /** As answered: every key of the type, "" for the unused one of `channel.raid` (as Twitch echoes it). */
  readonly condition: Readonly<Record<string, string>>;
  /** Keys under which events find the subscription (`routeKey`). */
  readonly routes: readonly string[];
  /** The users the condition names: they must exist, and naming the token's user makes it cost 0. */
  readonly userIds: readonly string[];
}

export type ConditionCheck = ParsedCondition | { readonly error: string };

interface TypeSpec {
  readonly version: string;
  parse(raw: Record<string, unknown>): ConditionCheck;
  /** Why the token may not create it (403), or undefined. */
  refuse(condition: Readonly<Record<string, string>>, token: IssuedToken): string | undefined;
}

/** Where events of `type` for `userId` in `role` (broadcaster, from, to) go. */
export function routeKey(type: string, role: string, userId: string): string {
  return `${type}:${role}:${userId}`;
}

function field(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  return typeof value === 'string' ? value : '';
}

/** `broadcaster_user_id` and `user_id`, both required; the token's user must be the reader, with the scope. */
function chatSpec(type: string): TypeSpec {
  return {
    version: '1',
    parse(raw) {
      const broadcaster = field(raw, 'broadcaster_user_id');
      const user = field(raw, 'user_id');
      if (!broadcaster) return { error: 'condition.broadcaster_user_id is required' };
      if (!user) return { error: 'condition.user_id is required' };
      return {
        condition: { broadcaster_user_id: broadcaster, user_id: user },
        routes: [routeKey(type, 'broadcaster', broadcaster)],
        userIds: [broadcaster, user],
      };
    },
    refuse(condition, token) {
      const authorized = condition.user_id === token.userId && token.scopes.includes(CHAT_SCOPE);
      return authorized ? undefined : MISSING_AUTHORIZATION;
    },
  };
}

/** Exactly one of the two broadcasters; no authorization at all (any user token). */
const RAID_SPEC: TypeSpec = {
  version: '1',
  parse(raw) {
    const from = field(raw, 'from_broadcaster_user_id');
    const to = field(raw, 'to_broadcaster_user_id');
    if (Boolean(from) === Boolean(to)) {
      return {
        error: 'condition must set exactly one of from_broadcaster_user_id and to_broadcaster_user_id',
      };
    }
    return {
      condition: { from_broadcaster_user_id: from, to_broadcaster_user_id: to },
      routes: [from ? routeKey(CHANNEL_RAID, 'from', from) : routeKey(CHANNEL_RAID, 'to', to)],
      userIds: [from || to],
    };
  },
  refuse: () => undefined,
};

const SPECS: ReadonlyMap<string, TypeSpec> = new Map([
  [CHAT_MESSAGE, chatSpec(CHAT_MESSAGE)],
  [CHAT_NOTIFICATION, chatSpec(CHAT_NOTIFICATION)],
  [CHANNEL_RAID, RAID_SPEC],
]);

/** The type's definition, or undefined when the simulator (or Twitch) has no such type and version. */
export function findTypeSpec(type: string, version: string): TypeSpec | undefined {
  const spec = SPECS.get(type);
  return spec?.version === version ? spec : undefined;
}

/**
 * Twitch's rule for WebSocket subscriptions: a subscription the token's user authorizes (its condition
 * names them) costs 0, any other 1.
 */
export function costOf(condition: ParsedCondition, token: IssuedToken): number {
  return token.userId !== undefined && condition.userIds.includes(token.userId) ? 0 : 1;
}
