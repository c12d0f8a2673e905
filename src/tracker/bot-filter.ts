import type { UserInterner } from './user-interner';

/** Told whenever a user enters or leaves a channel's presence, so "in how many channels" is known. */
export interface PresenceCounter {
  enter(userId: number): void;
  exit(userId: number): void;
}

/** The question the detector asks before trusting an event. */
export interface BotQuery {
  isBot(userId: number): boolean;
}

export const DEFAULT_BOT_LOGINS: readonly string[] = [
  'nightbot',
  'streamelements',
  'moobot',
  'fossabot',
  'wizebot',
  'streamlabs',
  'soundalerts',
  'sery_bot',
  'commanderroot',
];

export interface BotFilterOptions {
  /** Known bot logins (case-insensitive). */
  logins?: readonly string[];
  /** Also treat every login ending in "bot" as a bot (catches custom channel bots, and some humans). */
  excludeNamesEndingInBot?: boolean;
  /** Present in at least this many channels at once → a bot (viewer-list crawlers). */
  botChannels?: number;
}

const floor = Math.floor;
/** Low 14 bits of a user's word: channels present in (saturating: far past any bot threshold). */
const COUNT = 0x3fff;
/** Top 2 bits: what the name says, looked up once. */
const NAME = 0xc000;
const NOT_CLASSIFIED = 0;
const HUMAN_NAME = 0x4000;
const BOT_NAME = 0x8000;

/**
 * Decides "is this user a bot right now": by name, or by being present in too many channels at
 * once. Presence counts are fed by the presence sources through {@link PresenceCounter}.
 */
export class BotFilter implements PresenceCounter, BotQuery {
  private readonly names: ReadonlySet<string>;
  private readonly suffixRule: boolean;
  private readonly botChannels: number;
  // Indexed by user id, count and name class in one word: 2 bytes per tracked user, and one cache
  // line to touch per question rather than two.
  private users = new Uint16Array(1024);

  constructor(
    private readonly interner: UserInterner,
    options: BotFilterOptions = {},
  ) {
    this.names = new Set((options.logins ?? DEFAULT_BOT_LOGINS).map((l) => l.toLowerCase()));
    this.suffixRule = options.excludeNamesEndingInBot ?? false;
    this.botChannels = options.botChannels ?? 10;
  }

  enter(userId: number): void {
    this.ensure(userId);
    if ((this.users[userId] & COUNT) !== COUNT) this.users[userId]++;
  }

  exit(userId: number): void {
    if (userId < this.users.length && (this.users[userId] & COUNT) > 0) this.users[userId]--;
  }

  /** Channels the user is currently present in, across all sources feeding this filter. */
  channelCount(userId: number): number {
    return userId < this.users.length ? this.users[userId] & COUNT : 0;
  }

  isBot(userId: number): boolean {
    this.ensure(userId);
    const word = this.users[userId];
    if ((word & COUNT) >= this.botChannels) return true;
    let cls = word & NAME;
    if (cls === NOT_CLASSIFIED) {
      const login = this.interner.loginOf(userId);
      const bot = this.names.has(login) || (this.suffixRule && login.endsWith('bot'));
      cls = bot ? BOT_NAME : HUMAN_NAME;
      this.users[userId] = word | cls;
    }
    return cls === BOT_NAME;
  }

  private ensure(userId: number): void {
    if (userId < this.users.length) return;
    let size = this.users.length;
    // 1.5× rather than 2×: ids grow steadily, so less spare capacity is worth a few more copies.
    while (size <= userId) size = floor(size * 1.5);
    const users = new Uint16Array(size);
    users.set(this.users);
    this.users = users;
  }
}
