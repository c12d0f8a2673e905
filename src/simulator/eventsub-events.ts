import { AudienceIdentity } from './audience-users';
import { raidSystemMessage } from './chat-lines';
import { Channel } from './world-model';

function broadcaster(channel: Channel): Record<string, string> {
  return {
    broadcaster_user_id: channel.id,
    broadcaster_user_login: channel.login,
    broadcaster_user_name: channel.displayName,
  };
}

/** Shared chat (another channel's message shown here) is not simulated: these are always null. */
const NO_SOURCE = {
  source_broadcaster_user_id: null,
  source_broadcaster_user_login: null,
  source_broadcaster_user_name: null,
  source_message_id: null,
  source_badges: null,
};

/** `channel.chat.message` v1: a plain text message without badges, emotes, cheers or replies. */
export function chatMessageEvent(
  channel: Channel,
  chatter: AudienceIdentity,
  messageId: string,
  text: string,
): Record<string, unknown> {
  return {
    ...broadcaster(channel),
    chatter_user_id: chatter.id,
    chatter_user_login: chatter.login,
    chatter_user_name: chatter.displayName,
    message_id: messageId,
    message: { text, fragments: [{ type: 'text', text, cheermote: null, emote: null, mention: null }] },
    color: '',
    badges: [],
    message_type: 'text',
    cheer: null,
    reply: null,
    channel_points_custom_reward_id: null,
    ...NO_SOURCE,
  };
}

/** Every notice object of `channel.chat.notification` v1; the one of `notice_type` is set, the others null. */
const NO_NOTICES = {
  sub: null,
  resub: null,
  sub_gift: null,
  community_sub_gift: null,
  gift_paid_upgrade: null,
  prime_paid_upgrade: null,
  pay_it_forward: null,
  raid: null,
  unraid: null,
  announcement: null,
  bits_badge_tier: null,
  charity_donation: null,
  shared_chat_sub: null,
  shared_chat_resub: null,
  shared_chat_sub_gift: null,
  shared_chat_community_sub_gift: null,
  shared_chat_gift_paid_upgrade: null,
  shared_chat_prime_paid_upgrade: null,
  shared_chat_pay_it_forward: null,
  shared_chat_raid: null,
  shared_chat_announcement: null,
};

/** `channel.chat.notification` v1 for a raid into `channel`: the chatter is the raiding broadcaster. */
export function raidNoticeEvent(
  channel: Channel,
  raider: Channel,
  viewers: number,
  messageId: string,
): Record<string, unknown> {
  return {
    ...broadcaster(channel),
    chatter_user_id: raider.id,
    chatter_user_login: raider.login,
    chatter_user_name: raider.displayName,
    chatter_is_anonymous: false,
    color: '',
    badges: [],
    system_message: raidSystemMessage(raider.displayName, viewers),
    message_id: messageId,
    message: { text: '', fragments: [] },
    notice_type: 'raid',
    ...NO_NOTICES,
    raid: {
      user_id: raider.id,
      user_login: raider.login,
      user_name: raider.displayName,
      viewer_count: viewers,
      profile_image_url: '',
    },
    ...NO_SOURCE,
  };
}

/** `channel.raid` v1. */
export function raidEvent(from: Channel, to: Channel, viewers: number): Record<string, unknown> {
  return {
    from_broadcaster_user_id: from.id,
    from_broadcaster_user_login: from.login,
    from_broadcaster_user_name: from.displayName,
    to_broadcaster_user_id: to.id,
    to_broadcaster_user_login: to.login,
    to_broadcaster_user_name: to.displayName,
    viewers,
  };
}
