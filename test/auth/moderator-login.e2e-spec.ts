import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModeratorCredentials } from '../../src/twitch/moderator-credentials';
import { LentReaders } from '../../src/twitch/lent-readers';
import { CHAT_CHANNEL_LIMIT, TwitchChatPort } from '../../src/twitch/twitch-chat.port';
import { TwitchChattersPort } from '../../src/twitch/twitch-chatters.port';
import { type AppHarness, logInRaw, startApp } from '../support/app-harness';

/** An administrator can lend the tracker a token to read Get Chatters with, by logging in for it. */
describe('moderator login (e2e)', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startApp();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const validates = async (accessToken: string) =>
    (
      await fetch(`${harness.simulator.url}/auth/validate`, {
        headers: { Authorization: `OAuth ${accessToken}` },
      })
    ).status === 200;

  it('keeps nothing from a viewer who asks to lend a moderator token', async () => {
    harness.simulator.setNextLogin('simviewer');
    const response = await logInRaw(harness.url, { asModerator: true });
    expect(response.status).toBe(200);
    expect(harness.app.get(ModeratorCredentials).grant).toBeUndefined();
    expect(harness.app.get(TwitchChattersPort).available).toBe(false);
  });

  it("reads chatters with an administrator's token once they log in for it", async () => {
    const chatters = harness.app.get(TwitchChattersPort);
    const revision = chatters.revision;
    harness.simulator.setNextLogin('simadmin');
    const response = await logInRaw(harness.url, { asModerator: true });
    expect(response.status).toBe(200);

    const grant = harness.app.get(ModeratorCredentials).grant;
    expect(grant?.origin).toBe('simadmin (administrator login)');
    expect(grant?.refreshToken).toEqual(expect.any(String));
    expect(await validates(grant!.accessToken)).toBe(true);
    expect(chatters.available).toBe(true);
    expect(chatters.revision).not.toBe(revision);

    const channel = harness.simulator.liveStreams()[0];
    harness.simulator.setModerator('simadmin', channel.userLogin);
    const poll = await chatters.poll(channel.userId);
    expect(poll.complete).toBe(true);
    expect(poll.logins.length).toBeGreaterThan(0);
  });

  it('still revokes the Twitch token of an ordinary administrator login', async () => {
    const before = harness.app.get(ModeratorCredentials).grant;
    harness.simulator.setNextLogin('simadmin');
    const response = await logInRaw(harness.url);
    expect(response.status).toBe(200);
    expect(harness.app.get(ModeratorCredentials).grant).toBe(before);
  });

  it("reads chat as an administrator's account too once they log in to lend it, and as a viewer's never", async () => {
    const chat = harness.app.get(TwitchChatPort);
    const capacity = chat.channelCapacity;
    harness.simulator.setNextLogin('simviewer');
    expect((await logInRaw(harness.url, { asReader: true })).status).toBe(200);
    expect(chat.channelCapacity).toBe(capacity);
    expect(harness.app.get(LentReaders).count).toBe(0);

    harness.simulator.setNextLogin('simadmin');
    expect((await logInRaw(harness.url, { asReader: true })).status).toBe(200);
    expect(harness.app.get(LentReaders).count).toBe(1);
    expect(chat.channelCapacity).toBe(capacity + CHAT_CHANNEL_LIMIT);
    // Lending again adds nothing.
    harness.simulator.setNextLogin('simadmin');
    expect((await logInRaw(harness.url, { asReader: true })).status).toBe(200);
    expect(chat.channelCapacity).toBe(capacity + CHAT_CHANNEL_LIMIT);
  });
});
