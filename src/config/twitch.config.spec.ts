import { afterEach, describe, expect, it } from '@jest/globals';
import { twitchConfig } from './twitch.config';

describe('TWITCH_TIMEOUT', () => {
  const saved = process.env.TWITCH_TIMEOUT;

  afterEach(() => {
    if (saved === undefined) delete process.env.TWITCH_TIMEOUT;
    else process.env.TWITCH_TIMEOUT = saved;
  });

  it('is 10 s unless set', () => {
    delete process.env.TWITCH_TIMEOUT;
    expect(twitchConfig().timeoutMs).toBe(10_000);
    process.env.TWITCH_TIMEOUT = '2.5';
    expect(twitchConfig().timeoutMs).toBe(2_500);
  });

  it.each(['0.5s', 'never'])('stops on TWITCH_TIMEOUT=%s, naming it', (value) => {
    process.env.TWITCH_TIMEOUT = value;
    expect(() => twitchConfig()).toThrow('Invalid setting TWITCH_TIMEOUT:');
  });
});

describe('chat and token lists', () => {
  const names = ['TWITCH_CHAT_TRANSPORT', 'TWITCH_MODERATOR_TOKEN', 'TWITCH_READER_TOKENS'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));

  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it.each(['irc', 'eventsub', 'eventsub-membership'])('takes TWITCH_CHAT_TRANSPORT=%s', (value) => {
    process.env.TWITCH_CHAT_TRANSPORT = value;
    expect(twitchConfig().chatTransport).toBe(value);
  });

  it('refuses another transport, naming the setting', () => {
    process.env.TWITCH_CHAT_TRANSPORT = 'pubsub';
    expect(() => twitchConfig()).toThrow('Invalid setting TWITCH_CHAT_TRANSPORT:');
  });

  it('splits the moderator and reader tokens on commas, keeping their case', () => {
    process.env.TWITCH_MODERATOR_TOKEN = 'FirstToken, secondToken,thirdToken';
    process.env.TWITCH_READER_TOKENS = 'ReaderA,readerB';
    const config = twitchConfig();
    expect(config.moderatorToken).toBe('FirstToken');
    expect(config.additionalModeratorTokens).toEqual(['secondToken', 'thirdToken']);
    expect(config.readerTokens).toEqual(['ReaderA', 'readerB']);
  });
});
