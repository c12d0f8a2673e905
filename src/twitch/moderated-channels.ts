import { ApiClient } from '@twurple/api';
import type { UserAuth } from './moderator-auth';
import { TwitchCalls } from './twitch-calls';
import { twurpleLoggerOptions } from './twurple-logger';

/** What Get Moderated Channels needs from the user. */
export const MODERATED_CHANNELS_SCOPE = 'user:read:moderated_channels';

/**
 * The channels the user moderates (Helix Get Moderated Channels), by login: Twitch's concurrent join limit
 * does not count them. Empty when the token lacks MODERATED_CHANNELS_SCOPE: the limit is then counted for
 * every channel, which is safe.
 */
export async function readModeratedChannels(
  auth: UserAuth,
  calls: TwitchCalls,
  timeoutMs: number,
): Promise<Set<string>> {
  if (!auth.scopes.includes(MODERATED_CHANNELS_SCOPE)) return new Set();
  const api = new ApiClient({
    authProvider: auth.authProvider,
    logger: twurpleLoggerOptions('TwitchApi'),
    fetchOptions: calls.fetchOptions,
  });
  const channels = await calls.run(
    `the channels ${auth.login} moderates`,
    () => api.moderation.getModeratedChannelsPaginated(auth.userId).getAll(),
    timeoutMs,
  );
  return new Set(channels.map((channel) => channel.name));
}
