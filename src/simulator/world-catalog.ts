import { SeededRandom, WeightedPicker } from './seeded-random';
import { BroadcasterType, Channel, Game } from './world-model';
import {
  CATEGORIES,
  DESCRIPTIONS,
  GAME_ADJECTIVES,
  GAME_NOUNS,
  GAME_SUFFIXES,
  LANGUAGES,
  LOCALIZED_DISPLAY_NAMES,
  LOGIN_SUFFIXES,
  LOGIN_SYLLABLES,
  STREAM_TAGS,
  TITLE_COMMANDS,
  TITLE_EMOJIS,
  TITLE_PHRASES,
  UNUSUAL_GAME_NAMES,
} from './world-vocabulary';

/** Audience of the most popular channel before per-channel jitter; the top live stream lands around 50k–200k. */
const TOP_AUDIENCE = 110_000;
const MAX_AUDIENCE = 200_000;
/** Zipf exponent of the head of the popularity curve (Twitch's head is close to 1). */
const ZIPF_EXPONENT = 0.9;
/** Bends the tail down to 0–5 viewers whatever the world size, so small worlds also have a realistic tail. */
const TAIL_EXPONENT = 3;
const CREATED_FROM = Date.UTC(2011, 5, 1);
const CREATED_UNTIL = Date.UTC(2025, 5, 1);

export interface CatalogOptions {
  channels: number;
  games: number;
}

export interface Catalog {
  games: Game[];
  /** Weights of `games` by popularity, for picking what a stream plays. */
  gamePicker: WeightedPicker;
  channels: Channel[];
}

export function generateCatalog(random: SeededRandom, options: CatalogOptions): Catalog {
  // Small worlds still get the real categories and at least one game beside them.
  const games = generateGames(random, Math.max(options.games, CATEGORIES.length + 1));
  const gamePicker = new WeightedPicker(games.map((game) => 1 / Math.pow(game.index + 1, 1.1)));
  const channels = generateChannels(random, options.channels, gamePicker);
  return { games, gamePicker, channels };
}

/** Game index = popularity rank; a few mid-table games have an empty name, as Twitch sometimes returns. */
function generateGames(random: SeededRandom, count: number): Game[] {
  const usedIds = new Set(CATEGORIES.map((category) => category.id));
  const usedNames = new Set<string>(CATEGORIES.map((category) => category.name));
  const unusual = [...UNUSUAL_GAME_NAMES];
  const unnamed = new Set<number>();
  const unnamedCount = Math.max(1, Math.round(count * 0.015));
  while (unnamed.size < unnamedCount) {
    const index = random.int(Math.min(20, count - 1), count - 1);
    if (!isCategorySlot(index)) unnamed.add(index);
  }

  const games: Game[] = [];
  for (let index = 0; index < count; index++) {
    // Just Chatting leads, the other categories are spread through the table like on Twitch.
    const category = isCategorySlot(index) ? CATEGORIES[index / 9] : undefined;
    if (category) {
      games.push({ index, id: category.id, name: category.name, igdbId: '' });
      continue;
    }
    let id: string;
    do {
      id = String(random.chance(0.8) ? random.int(1, 999_999) : random.int(1_000_000_000, 2_100_000_000));
    } while (usedIds.has(id));
    usedIds.add(id);
    const name = unnamed.has(index) ? '' : uniqueGameName(random, usedNames, unusual);
    const igdbId = random.chance(0.1) ? '' : String(random.int(1, 300_000));
    games.push({ index, id, name, igdbId });
  }
  return games;
}

function isCategorySlot(index: number): boolean {
  return index % 9 === 0 && index / 9 < CATEGORIES.length;
}

function uniqueGameName(random: SeededRandom, used: Set<string>, unusual: string[]): string {
  if (unusual.length > 0 && random.chance(0.05)) return unusual.pop() as string;
  for (;;) {
    const name = random.chance(0.3)
      ? `${random.pick(GAME_NOUNS)} of ${random.pick(GAME_NOUNS)}${random.pick(GAME_SUFFIXES)}`
      : `${random.pick(GAME_ADJECTIVES)} ${random.pick(GAME_NOUNS)}${random.pick(GAME_SUFFIXES)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

function generateChannels(random: SeededRandom, count: number, gamePicker: WeightedPicker): Channel[] {
  const languagePicker = new WeightedPicker(LANGUAGES.map((language) => language.weight));
  // Popularity rank is shuffled so that ids and logins say nothing about popularity.
  const ranks = random.shuffle(Array.from({ length: count }, (_, rank) => rank));
  const ids = uniqueUserIds(random, count);
  const usedLogins = new Set<string>();
  const channels: Channel[] = [];
  for (let index = 0; index < count; index++) {
    const rank = ranks[index];
    const language = LANGUAGES[languagePicker.pick(random)];
    const login = uniqueLogin(random, usedLogins);
    const tags = random.shuffle([...STREAM_TAGS]).slice(0, random.int(0, 3));
    if (language.tag) tags.unshift(language.tag);
    channels.push({
      index,
      id: String(ids[index]),
      login,
      displayName: displayNameFor(random, login, language.code),
      broadcasterType: broadcasterTypeFor(random, rank, count),
      description: random.pick(DESCRIPTIONS),
      createdAt: random.int(CREATED_FROM, CREATED_UNTIL),
      language: language.code,
      mainGame: gamePicker.pick(random),
      mature: random.chance(0.12),
      audience: audienceFor(random, rank, count),
      meanSessionMs: random.int(2 * 3600, 8 * 3600) * 1000,
      tags,
    });
  }
  return channels;
}

/** Ascending, so that channel index order is user id order (the world's tie-break). */
function uniqueUserIds(random: SeededRandom, count: number): Float64Array {
  const used = new Set<number>();
  while (used.size < count) used.add(random.int(10_000_000, 1_200_000_000));
  return Float64Array.from(used).sort();
}

/** Zipf head (rank^-0.9) bent to ~0 at the last rank, with per-channel log-normal jitter. */
function audienceFor(random: SeededRandom, rank: number, count: number): number {
  const quantile = rank / count;
  const curve = TOP_AUDIENCE * Math.pow(rank + 1, -ZIPF_EXPONENT) * Math.pow(1 - quantile, TAIL_EXPONENT);
  return Math.min(MAX_AUDIENCE, curve * Math.exp(0.3 * random.gaussian()));
}

function broadcasterTypeFor(random: SeededRandom, rank: number, count: number): BroadcasterType {
  if (rank < count * 0.03) return random.chance(0.9) ? 'partner' : 'affiliate';
  return random.chance(0.55) ? 'affiliate' : '';
}

function uniqueLogin(random: SeededRandom, used: Set<string>): string {
  for (;;) {
    let login = '';
    const syllables = random.int(2, 3);
    for (let i = 0; i < syllables; i++) login += random.pick(LOGIN_SYLLABLES);
    login += random.pick(LOGIN_SUFFIXES);
    if (random.chance(0.4)) login += String(random.int(1, 9999));
    if (login.length >= 4 && login.length <= 25 && !used.has(login)) {
      used.add(login);
      return login;
    }
  }
}

function displayNameFor(random: SeededRandom, login: string, language: string): string {
  const localized = LOCALIZED_DISPLAY_NAMES[language];
  if (localized && random.chance(0.4)) return random.pick(localized);
  // Twitch display names differ from logins only by letter case.
  return random.chance(0.5)
    ? login.charAt(0).toUpperCase() + login.slice(1)
    : login.replace(/(^|_|\d)([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

export function generateTitle(random: SeededRandom, channel: Channel, game: Game): string {
  const phrases =
    TITLE_PHRASES[channel.language] && random.chance(0.7)
      ? TITLE_PHRASES[channel.language]
      : TITLE_PHRASES.en;
  const phrase = random.pick(phrases).replace('{n}', String(random.int(1, 500)));
  const emoji = random.pick(TITLE_EMOJIS);
  switch (random.int(0, 3)) {
    case 0:
      return phrase;
    case 1:
      return game.name ? `${phrase} | ${game.name}` : phrase;
    case 2:
      return emoji ? `${emoji} ${phrase} ${emoji}` : phrase.toUpperCase();
    default:
      return `[${channel.language.toUpperCase()}] ${phrase} ${random.pick(TITLE_COMMANDS)}`;
  }
}
