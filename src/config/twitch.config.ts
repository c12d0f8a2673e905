import { registerAs } from '@nestjs/config';
import { ConfigValidationError, EnvReader } from './env-reader';

/**
 * How chat is read: IRC (anonymously or as the moderator), EventSub as the moderator user, or EventSub with
 * IRC for the rooms read by membership (JOIN/PART).
 */
export const CHAT_TRANSPORTS = ['irc', 'eventsub', 'eventsub-membership'] as const;
export type ChatTransport = (typeof CHAT_TRANSPORTS)[number];

/** Whether chat is read over EventSub, as the reading user, who must grant `user:read:chat`. */
export function readsChatOverEventSub(transport: ChatTransport): boolean {
  return transport !== 'irc';
}

export interface TwitchConfig {
  /** True when no Twitch credentials are set: the in-process simulator stands in for Twitch. */
  embedded: boolean;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The first token of TWITCH_MODERATOR_TOKEN (the one an administrator's lent token replaces). */
  moderatorToken?: string;
  /** The others: more moderators for Get Chatters, each polling the channels it moderates on its own budget. */
  additionalModeratorTokens: string[];
  /** TWITCH_READER_TOKENS: more users chat is read as, each adding Twitch's 100 concurrent channels. */
  readerTokens: string[];
  chatUrl?: string;
  /** TWITCH_CHAT_TRANSPORT. */
  chatTransport: ChatTransport;
  mockApiPort?: number;
  /** Longest wait for one Twitch answer: per HTTP attempt, and for the chat connection (TWITCH_TIMEOUT). */
  timeoutMs: number;
}

export const twitchConfig = registerAs('twitch', (): TwitchConfig => {
  const env = new EnvReader();
  const clientId = env.optionalString('TWITCH_CLIENT_ID');
  const clientSecret = env.optionalString('TWITCH_CLIENT_SECRET');
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    const missing = clientId ? 'TWITCH_CLIENT_SECRET' : 'TWITCH_CLIENT_ID';
    throw new ConfigValidationError(missing, 'to be set together with its pair', '');
  }
  const mockApiPort = env.optionalInt('TWURPLE_MOCK_API_PORT', { min: 1, max: 65535 });
  const embedded = !clientId;
  const moderatorTokens = env.list('TWITCH_MODERATOR_TOKEN', { caseSensitive: true });
  return {
    embedded,
    // The simulator accepts any client it is told about; these identify the embedded service to it.
    clientId: clientId ?? 'embedded-client-id',
    clientSecret: clientSecret ?? 'embedded-client-secret',
    redirectUri: env.matching(
      'TWITCH_REDIRECT_URI',
      `http://localhost:${env.int('PORT', 3000, { min: 0, max: 65535 })}/auth/twitch/callback`,
      'an absolute http(s) URL',
      (value) => /^https?:\/\/[^/]+/.test(value),
    ),
    moderatorToken: moderatorTokens[0],
    additionalModeratorTokens: moderatorTokens.slice(1),
    readerTokens: env.list('TWITCH_READER_TOKENS', { caseSensitive: true }),
    chatUrl: env.optionalString('TWITCH_CHAT_URL')
      ? env.matching('TWITCH_CHAT_URL', '', 'a ws:// or wss:// URL', (value) => /^wss?:\/\/[^/]+/.test(value))
      : undefined,
    chatTransport: env.oneOf('TWITCH_CHAT_TRANSPORT', CHAT_TRANSPORTS, 'irc'),
    mockApiPort,
    timeoutMs: env.durationMs('TWITCH_TIMEOUT', '10s', 1000),
  };
});

/**
 * @twurple reads TWURPLE_MOCK_API_PORT from the environment at every call; this is the one sanctioned
 * writer, used when the embedded simulator has picked its port.
 */
export function pointTwurpleAtMockApi(port: number): void {
  process.env.TWURPLE_MOCK_API_PORT = String(port);
}

/** The simulator port @twurple is pointed at right now, if any (it can be set after boot). */
export function currentTwurpleMockApiPort(): number | undefined {
  const port = Number(process.env.TWURPLE_MOCK_API_PORT);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}
