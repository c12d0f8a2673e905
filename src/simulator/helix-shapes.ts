import { SimulatedUser } from './simulated-users';
import { Game, LiveStream } from './world-model';

/** JSON exactly as Helix documents it: snake_case, numeric ids as strings, ISO dates. */

export interface HelixStream {
  id: string;
  user_id: string;
  user_login: string;
  user_name: string;
  game_id: string;
  game_name: string;
  type: 'live';
  title: string;
  viewer_count: number;
  started_at: string;
  language: string;
  thumbnail_url: string;
  tags: string[];
  tag_ids: string[];
  is_mature: boolean;
}

export interface HelixUser {
  id: string;
  login: string;
  display_name: string;
  type: string;
  broadcaster_type: string;
  description: string;
  profile_image_url: string;
  offline_image_url: string;
  view_count: number;
  /** Only for the token's own user, and only with the `user:read:email` scope. */
  email?: string;
  created_at: string;
}

export interface HelixGame {
  id: string;
  name: string;
  box_art_url: string;
  igdb_id: string;
}

export function toHelixStream(stream: LiveStream): HelixStream {
  return {
    id: stream.id,
    user_id: stream.userId,
    user_login: stream.userLogin,
    user_name: stream.userName,
    game_id: stream.gameId,
    game_name: stream.gameName,
    type: 'live',
    title: stream.title,
    viewer_count: stream.viewerCount,
    started_at: stream.startedAt,
    language: stream.language,
    thumbnail_url: `https://static-cdn.jtvnw.net/previews-ttv/live_user_${stream.userLogin}-{width}x{height}.jpg`,
    tags: [...stream.tags],
    tag_ids: [],
    is_mature: stream.isMature,
  };
}

export function toHelixUser(user: SimulatedUser, withEmail: boolean): HelixUser {
  return {
    id: user.id,
    login: user.login,
    display_name: user.displayName,
    type: '',
    broadcaster_type: user.broadcasterType,
    description: user.description,
    profile_image_url: user.profileImageUrl,
    offline_image_url: '',
    // Twitch stopped counting views in 2022 and returns 0.
    view_count: 0,
    ...(withEmail ? { email: user.email } : {}),
    created_at: user.createdAt,
  };
}

export function toHelixGame(game: Game): HelixGame {
  const art = game.igdbId ? `${game.id}_IGDB` : game.id;
  return {
    id: game.id,
    name: game.name,
    box_art_url: `https://static-cdn.jtvnw.net/ttv-boxart/${art}-{width}x{height}.jpg`,
    igdb_id: game.igdbId,
  };
}
