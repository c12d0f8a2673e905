import { Clock } from '../common/clock';
import { ModeratorRegistry } from './chat-moderators';
import { HelixContext } from './helix-handlers';
import { buildPage, isReply, parsePageWindow } from './helix-pagination';
import { helixError, HttpReply, HttpRouter, json } from './http-router';
import { SimulatorWorld } from './simulator-world';
import { AUDIENCE_LOG_RETENTION_MS, WorldAudience } from './world-audience';

export interface ChattersDependencies {
  world: SimulatorWorld;
  audience: WorldAudience;
  moderators: ModeratorRegistry;
  clock: Clock;
  /** How far behind the truth the list is, like Twitch's cached chatters list. */
  lagMs: number;
}

const CHATTERS_SCOPE = 'moderator:read:chatters';
const MODERATED_CHANNELS_SCOPE = 'user:read:moderated_channels';
const PAGE_LIMITS = { defaultFirst: 100, maxFirst: 1000 };
const PAGE_LIMITS_MODERATED = { defaultFirst: 20, maxFirst: 100 };

/** Helix Get Chatters, with Twitch's checks in Twitch's order and statuses; and Get Moderated Channels. */
export function registerChattersRoute(router: HttpRouter<HelixContext>, deps: ChattersDependencies): void {
  // The past is read back from the audience log, which keeps only so much.
  if (!(deps.lagMs >= 0 && deps.lagMs <= AUDIENCE_LOG_RETENTION_MS - deps.world.options.tickMs)) {
    throw new RangeError('chattersLagMs must be from 0 to 9 minutes');
  }
  router.add('GET', '/mock/chat/chatters', (context) => getChatters(context, deps));
  router.add('GET', '/mock/moderation/channels', (context) => getModeratedChannels(context, deps));
}

/**
 * Helix Get Moderated Channels: the channels the token's user moderates, by broadcaster login (Twitch's
 * order is unspecified). A user who moderates every channel (`simmod`) gets them all.
 */
function getModeratedChannels({ query, token }: HelixContext, deps: ChattersDependencies): HttpReply {
  const userId = query.get('user_id');
  if (!userId) return helixError(400, 'Missing required parameter "user_id"');
  if (!token.userId || !token.login) return helixError(401, 'The access token must be a user access token');
  if (!token.scopes.includes(MODERATED_CHANNELS_SCOPE)) {
    return helixError(401, `Missing scope: ${MODERATED_CHANNELS_SCOPE}`);
  }
  if (userId !== token.userId)
    return helixError(400, 'The user_id must match the user ID in the access token');
  const window = parsePageWindow(query, undefined, PAGE_LIMITS_MODERATED);
  if (isReply(window)) return window;
  const { moderators, world } = deps;
  const login = token.login;
  const channels = moderators.moderatesEverything(login)
    ? world.channels.filter((channel) => channel.login !== login)
    : moderators
        .channelsOf(login)
        .sort()
        .flatMap((channel) => world.findChannelByLogin(channel) ?? [])
        .filter((channel) => channel.login !== login);
  const page = buildPage(window, channels.length, (start, end) =>
    channels.slice(start, end).map((channel) => ({
      broadcaster_id: channel.id,
      broadcaster_login: channel.login,
      broadcaster_name: channel.displayName,
    })),
  );
  return json(200, page);
}

function getChatters({ query, token }: HelixContext, deps: ChattersDependencies): HttpReply {
  const broadcasterId = query.get('broadcaster_id');
  const moderatorId = query.get('moderator_id');
  if (!broadcasterId) return helixError(400, 'Missing required parameter "broadcaster_id"');
  if (!moderatorId) return helixError(400, 'Missing required parameter "moderator_id"');
  if (!token.userId || !token.login) return helixError(401, 'The access token must be a user access token');
  if (!token.scopes.includes(CHATTERS_SCOPE)) return helixError(401, `Missing scope: ${CHATTERS_SCOPE}`);
  if (moderatorId !== token.userId) {
    return helixError(401, 'The ID in moderator_id must match the user ID in the access token');
  }
  const channel = deps.world.findChannelById(broadcasterId);
  if (!channel) return helixError(400, 'The ID in broadcaster_id was not found');
  if (!deps.moderators.moderates(token.login, channel.login)) {
    return helixError(403, "The user in moderator_id is not one of the broadcaster's moderators");
  }
  const window = parsePageWindow(query, undefined, PAGE_LIMITS);
  if (isReply(window)) return window;
  deps.world.sync();
  const members = deps.audience.rooms.membersAt(channel.index, deps.clock.now() - deps.lagMs);
  const page = buildPage(window, members.length, (start, end) =>
    Array.from(members.subarray(start, end), (member) => {
      const { id, login, displayName } = deps.audience.identity(member);
      return { user_id: id, user_login: login, user_name: displayName };
    }),
  );
  return json(200, { ...page, total: members.length });
}
