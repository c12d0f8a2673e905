/** Word lists the world is generated from: enough variety (and non-ASCII text) to look and break like Twitch. */

export interface LanguageSpec {
  readonly code: string;
  readonly weight: number;
  /** The language tag Twitch shows; none for `other`. */
  readonly tag?: string;
}

/** Code, weight (per cent of channels) and the tag Twitch shows, one language a line; `other` has no tag. */
export const LANGUAGES: readonly LanguageSpec[] = `
  en 42 English
  es 9 Español
  pt 7 Português
  de 6 Deutsch
  ja 5 日本語
  ru 5 Русский
  fr 5 Français
  ko 4 한국어
  it 2 Italiano
  zh 2 中文
  pl 2 Polski
  tr 2 Türkçe
  other 3`
  .trim()
  .split('\n')
  .map((line) => {
    const [code, weight, tag] = line.trim().split(' ');
    return tag ? { code, weight: Number(weight), tag } : { code, weight: Number(weight) };
  });

/** Real non-game categories with their real ids, so logs and dashboards look familiar. */
export const CATEGORIES: readonly { id: string; name: string }[] = [
  { id: '509658', name: 'Just Chatting' },
  { id: '26936', name: 'Music' },
  { id: '509660', name: 'Art' },
  { id: '518203', name: 'Sports' },
  { id: '417752', name: 'Talk Shows & Podcasts' },
  { id: '509659', name: 'ASMR' },
  { id: '509663', name: 'Special Events' },
  { id: '1469308723', name: 'Software and Game Development' },
  { id: '509673', name: 'Makers & Crafting' },
  { id: '509672', name: 'Travel & Outdoors' },
  { id: '509667', name: 'Food & Drink' },
];

export const GAME_ADJECTIVES = [
  'Crimson',
  'Silent',
  'Iron',
  'Hollow',
  'Neon',
  'Eternal',
  'Frozen',
  'Savage',
  'Lost',
  'Golden',
  'Shattered',
  'Wild',
  'Arcane',
  'Last',
  'Broken',
  'Sunken',
  'Electric',
  'Cursed',
  'Tiny',
  'Infinite',
  'Velvet',
  'Stellar',
];

export const GAME_NOUNS = [
  'Harbor',
  'Kingdom',
  'Frontier',
  'Legion',
  'Horizon',
  'Dungeon',
  'Outpost',
  'Orchard',
  'Circuit',
  'Citadel',
  'Tides',
  'Empire',
  'Rift',
  'Odyssey',
  'Garden',
  'Protocol',
  'Warband',
  'Colony',
  'Saga',
  'Arena',
  'Depths',
  'Skies',
  'Raiders',
  'Tactics',
  'Racers',
  'Farm',
  'Station',
  'Chronicles',
  'Souls',
  'Party',
];

export const GAME_SUFFIXES = [
  '',
  '',
  '',
  ' II',
  ' III',
  ': Remastered',
  ' Online',
  ' Tycoon',
  ' Simulator',
  ' 2',
  ': Origins',
];

/** Titles with accents and non-Latin scripts, because real category names have them. */
export const UNUSUAL_GAME_NAMES = [
  'Légendes d’Aurore',
  'Spiel der Schatten',
  '夜明けの剣',
  'Café Tycoon',
  'Ōkami Trails',
  '별의 노래',
  'Год Дракона',
  'Niño & Nube',
];

export const LOGIN_SYLLABLES = [
  'ka',
  'zu',
  'mi',
  'ro',
  'lex',
  'tor',
  'vin',
  'xa',
  'no',
  'bel',
  'dra',
  'gon',
  'fox',
  'ash',
  'sky',
  'ny',
  'el',
  'ra',
  'shi',
  'ko',
  'jin',
  'mar',
  'tek',
  'qua',
  'zen',
  'vy',
  'lu',
  'ce',
  'pha',
  'dim',
  'ori',
  'sta',
  'blu',
  'ghost',
  'pix',
  'nova',
  'rex',
  'ivy',
  'oak',
  'yo',
  'bun',
  'mo',
  'tan',
  'kel',
  'wu',
  'sol',
  'ember',
  'frost',
];

export const LOGIN_SUFFIXES = ['', '', '', '', 'tv', '_tv', 'ttv', 'gg', 'live', 'plays', 'x', '_'];

/** Display names in the channel's own script: Twitch allows them for CJK accounts. */
export const LOCALIZED_DISPLAY_NAMES: Readonly<Record<string, readonly string[]>> = {
  ja: ['さくら', 'ゆきち', 'はると', 'そらまめ', 'ひかり', 'あおい', 'たぬき実況', 'ねこまる'],
  ko: ['하늘빛', '민수', '지우', '별빛', '서연', '도토리', '감자왕'],
  zh: ['小龙', '星辰', '月光', '阿杰', '大白', '橘子'],
};

export const DESCRIPTIONS = [
  '',
  '',
  'Variety streamer. Be nice in chat!',
  'Competitive player, coach and occasional speedrunner.',
  'Cozy games, good vibes. Schedule in the panels below.',
  'Just a person who likes games and talking to people.',
  'Professional esports player.',
  'Music, art and chill streams.',
  'Streaming since 2014 ❤',
];

export const STREAM_TAGS = [
  'Chill',
  'Competitive',
  'FPS',
  'RPG',
  'Speedrun',
  'Casual',
  'NoBackseating',
  'Vtuber',
  'Esports',
  'Cozy',
  'PvP',
  'Roleplay',
  'Music',
  'DropsEnabled',
  'Strategy',
  'Horror',
  'Retro',
  'Creative',
  'FirstPlaythrough',
];

export const TITLE_PHRASES: Readonly<Record<string, readonly string[]>> = {
  en: [
    'Ranked grind until Diamond',
    'chill vibes and good company',
    'day {n} of learning this game',
    'FIRST PLAYTHROUGH',
    'road to {n} followers',
    'late night stream',
    'blind run, no spoilers please',
    'speedrun attempts, PB or bed',
    'subathon day {n}',
    'cozy morning coffee stream',
    'tournament qualifiers',
    'hard mode only',
    'viewer games, join up',
    'new update is here!',
  ],
  es: ['¡Jugando con subs!', 'directo tranquilo', 'día {n} del reto', '¿Llegamos a Diamante hoy?'],
  pt: ['jogando com vocês', 'live de domingo', 'dia {n} do desafio'],
  de: ['Gemütlicher Stream', 'Heute wird gezockt', 'Tag {n} der Challenge'],
  fr: ['Soirée détente', 'On tente le record', 'Jour {n} du défi'],
  ja: ['まったり配信', '初見プレイ', '{n}日目'],
  ko: ['오늘도 달린다', '즐겜 방송', '{n}일차 도전'],
  ru: ['Стрим с подписчиками', 'Пробуем снова', 'День {n}'],
};

export const TITLE_EMOJIS = ['', '', '', '🔴', '🎮', '✨', '🔥', '💜', '😴', '🏆'];

export const TITLE_COMMANDS = ['!discord', '!drops', '!socials', '!schedule', '!sub'];
