import { mixSeed } from './seeded-random';
import { LOGIN_SYLLABLES } from './world-vocabulary';

/** A member of a channel's audience as chat and Helix show it. */
export interface AudienceIdentity {
  readonly id: string;
  readonly login: string;
  readonly displayName: string;
}

interface BotSpec extends AudienceIdentity {
  /** Share of live channels the bot sits in. */
  readonly share: number;
}

/** Ids below the generated channels' range (10M and up) and beside the well-known accounts (9000001+). */
export const AUDIENCE_BOTS: readonly BotSpec[] = [
  bot('9000101', 'nightbot', 'Nightbot', 0.45),
  bot('9000102', 'streamelements', 'StreamElements', 0.4),
  bot('9000103', 'moobot', 'Moobot', 0.15),
  bot('9000104', 'fossabot', 'Fossabot', 0.2),
  bot('9000105', 'wizebot', 'WizeBot', 0.08),
  bot('9000106', 'sery_bot', 'Sery_Bot', 0.12),
  bot('9000107', 'streamlabsbot', 'StreamlabsBot', 0.1),
];

/** Viewer ids sit above the generated channels' range (below 1.2B). */
const VIEWER_ID_BASE = 1_300_000_000;

function bot(id: string, login: string, displayName: string, share: number): BotSpec {
  return { id, login, displayName, share };
}

/**
 * Whether bot `bot` sits in channel `channel` while it is live: fixed per pair, so that a bot is in
 * many channels at once and never moves.
 */
export function botIn(seed: number, channel: number, bot: number): boolean {
  return mixSeed(mixSeed(seed, channel), bot) / 4294967296 < AUDIENCE_BOTS[bot].share;
}

/**
 * The identity of viewer `user`, built on demand from its index. The digits sit between syllables, which
 * no generated channel login has (their digits only trail), so viewer logins never collide with one.
 */
export function viewerIdentity(seed: number, user: number): AudienceIdentity {
  const hash = mixSeed(seed, user);
  const count = LOGIN_SYLLABLES.length;
  const first = LOGIN_SYLLABLES[hash % count];
  const second = LOGIN_SYLLABLES[(hash >>> 8) % count];
  const third = LOGIN_SYLLABLES[(hash >>> 16) % count];
  const login = `${first}${second}${user}${third}`;
  const displayName = hash & 0x1000000 ? login.charAt(0).toUpperCase() + login.slice(1) : login;
  return { id: String(VIEWER_ID_BASE + user), login, displayName };
}
