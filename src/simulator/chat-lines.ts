/** What simulated chatters say; picked by the seeded value of each message. */
export const CHAT_LINES: readonly string[] = [
  'LUL',
  'KEKW',
  'PogChamp',
  'lets gooo',
  'gg',
  'W',
  'L',
  'hi chat',
  'hello from Brazil',
  'first time here, love the stream',
  'what game is this?',
  'Kappa',
  'that was insane',
  'monkaS',
  '!discord',
  'o7',
  'pog',
  'how long have you been live?',
  'catJAM',
  'no way',
  'clip it!',
  'just got here, what did I miss',
  '5Head',
  'lmao',
  'good morning chat',
  'this music slaps',
  'F',
  'Sadge',
  'GIGACHAD',
  'bro really did that',
];

/** The text of an audience chat message, from the value its log entry drew. */
export function chatLine(value: number): string {
  return CHAT_LINES[value % CHAT_LINES.length];
}

/** Twitch's system message for a raid, as IRC's `system-msg` tag and EventSub's `system_message` carry it. */
export function raidSystemMessage(raiderDisplayName: string, viewers: number): string {
  return `${viewers} raiders from ${raiderDisplayName} have joined!`;
}
