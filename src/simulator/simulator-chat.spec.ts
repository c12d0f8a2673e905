import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatClient } from '@twurple/chat';
import { EventWaiters } from '../../test/support/event-waiters';
import { RawIrcClient } from '../../test/support/raw-irc-client';
import { smallSimulator } from '../../test/support/small-simulator';
import { parseIrcMessage } from './irc-message';

describe('chat over WebSocket', () => {
  const { sim } = smallSimulator({
    seed: 21,
    membershipBatchMs: 20_000,
    chatPumpIntervalMs: 10,
    verifiedBots: ['simmod'],
  });
  const streams = sim.liveStreams();
  const big = streams[0].userLogin;
  const small = streams.find(
    (stream) => sim.audience.rooms.roomSize(sim.world.findChannelByLogin(stream.userLogin)!.index) < 300,
  )!.userLogin;
  const busy = streams[3].userLogin;
  let port: number;
  const clients: RawIrcClient[] = [];
  const open = async () => {
    const client = await RawIrcClient.open(port);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    port = await sim.listen();
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(() => sim.close());

  it('negotiates caps, welcomes, and answers JOIN with NAMES and ROOMSTATE', async () => {
    const client = await open();
    client.send('CAP LS 302');
    expect(await client.waitFor((line) => line.includes('CAP * LS'))).toBe(
      ':tmi.twitch.tv CAP * LS :twitch.tv/tags twitch.tv/commands twitch.tv/membership',
    );
    client.send('CAP REQ :twitch.tv/membership twitch.tv/tags');
    expect(await client.waitFor((line) => line.includes('ACK'))).toBe(
      ':tmi.twitch.tv CAP * ACK :twitch.tv/membership twitch.tv/tags',
    );
    client.send('NICK justinfan12345');
    await client.waitFor((line) => line.includes(' 376 '));
    const numerics = client.lines
      .map((line) => parseIrcMessage(line)?.command)
      .filter((c) => /^\d+$/.test(c ?? ''));
    expect(numerics).toEqual(['001', '002', '003', '004', '375', '372', '376']);
    client.send(`JOIN #${small}`);
    const roomstate = parseIrcMessage(await client.waitFor((line) => line.includes('ROOMSTATE')))!;
    expect(roomstate.tags).toMatchObject({ 'subs-only': '0', slow: '0' });
    expect(client.lines).toContain(
      `:justinfan12345!justinfan12345@justinfan12345.tmi.twitch.tv JOIN #${small}`,
    );
    const names = client.commands('353').flatMap((line) => parseIrcMessage(line)!.params[3].split(' '));
    const room = sim.world.findChannelByLogin(small)!.index;
    expect(names.length).toBe(sim.audience.rooms.roomSize(room) + 1);
    expect(client.commands('366')).toHaveLength(1);
  });

  it('lists only moderators in NAMES of rooms over 1000 users', async () => {
    const client = await open();
    await client.login();
    expect(sim.audience.rooms.roomSize(sim.world.findChannelByLogin(big)!.index)).toBeGreaterThan(1000);
    client.send(`JOIN #${big}`);
    await client.waitFor((line) => line.includes('ROOMSTATE'));
    const names = client.commands('353').flatMap((line) => parseIrcMessage(line)!.params[3].split(' '));
    expect(names.length).toBeLessThan(10);
  });

  it('checks PASS tokens and lets a valid user in under its login', async () => {
    const bad = await open();
    bad.send('PASS oauth:nope', 'NICK someone');
    await bad.waitFor((line) => line.includes('Login authentication failed'));
    const good = await open();
    good.send(`PASS oauth:${sim.issueUserToken('simviewer', ['chat:read'])}`, 'NICK simviewer');
    expect(await good.waitFor((line) => line.includes(' 001 '))).toBe(
      ':tmi.twitch.tv 001 simviewer :Welcome, GLHF!',
    );
  });

  it('batches membership by membershipBatchMs and sends none for rooms over 1000 users', async () => {
    const client = await open();
    await client.login();
    client.send(`JOIN #${small}`, `JOIN #${big}`);
    await client.waitFor((line) => line.includes(`ROOMSTATE #${big}`));
    const membership = () =>
      client.lines.filter((line) => / (JOIN|PART) #/.test(line) && !line.startsWith(':justinfan'));
    sim.advanceClock(10_000);
    await client.settle();
    expect(membership()).toHaveLength(0);
    for (let i = 0; i < 12; i++) sim.advanceClock(10_000);
    await client.waitFor((line) => / (JOIN|PART) #/.test(line) && !line.startsWith(':justinfan'));
    expect(membership().length).toBeGreaterThan(0);
    expect(membership().every((line) => line.endsWith(`#${small}`))).toBe(true);
  });

  it('counts the presence lines it sends, so a client on a manual clock can wait for all of them', async () => {
    const { sim: own } = smallSimulator({ seed: 22 });
    const client = await RawIrcClient.open(await own.listen());
    try {
      await client.login();
      const [first, second] = own.liveStreams().slice(5, 7);
      client.send(`JOIN #${first.userLogin}`, `JOIN #${second.userLogin}`);
      await client.waitFor((line) => line.includes(`ROOMSTATE #${second.userLogin}`));
      for (let i = 0; i < 30; i++) own.advanceClock(10_000);
      own.raid(first.userLogin, second.userLogin);
      const presence = () =>
        client.lines.filter((line) => {
          const message = parseIrcMessage(line);
          if (message?.command === 'JOIN') return !line.startsWith(':justinfan');
          return ['PART', 'PRIVMSG', 'USERNOTICE', '366'].includes(message?.command ?? '');
        }).length;
      await client.settle();
      expect(presence()).toBe(own.chat.presenceLinesSent);
      expect(client.commands('PRIVMSG').length).toBeGreaterThan(0);
      expect(client.commands('USERNOTICE')).toHaveLength(1);
    } finally {
      client.close();
      await own.close();
    }
  });

  it('relays PRIVMSG with tags, a raid as USERNOTICE, and PONGs', async () => {
    const client = await open();
    await client.login();
    client.send(`JOIN #${busy}`);
    await client.waitFor((line) => line.includes('ROOMSTATE'));
    for (let i = 0; i < 12; i++) sim.advanceClock(10_000);
    const message = parseIrcMessage(await client.waitFor((line) => line.includes(' PRIVMSG ')))!;
    expect(message.params[0]).toBe(`#${busy}`);
    expect(Object.keys(message.tags!)).toEqual(
      expect.arrayContaining(['display-name', 'user-id', 'id', 'tmi-sent-ts', 'room-id']),
    );
    const response = await fetch(`http://127.0.0.1:${port}/sim/control`, {
      method: 'POST',
      body: JSON.stringify({ action: 'raid', from: big, to: busy }),
    });
    expect(response.status).toBe(200);
    const raid = parseIrcMessage(await client.waitFor((line) => line.includes(' USERNOTICE ')))!;
    expect(raid.tags).toMatchObject({ 'msg-id': 'raid', 'msg-param-login': big });
    expect(Number(raid.tags!['msg-param-viewerCount'])).toBeGreaterThan(0);
    client.send('PING :hello');
    expect(await client.waitFor((line) => line.includes('PONG'))).toBe(
      ':tmi.twitch.tv PONG tmi.twitch.tv :hello',
    );
  });

  it('limits JOINs to 20 per 10 s, 2000 for verified bots', async () => {
    const client = await open();
    await client.login();
    const channels = sim.world.channels.slice(0, 25).map((channel) => `#${channel.login}`);
    client.send(`JOIN ${channels.join(',')}`);
    await client.waitFor((line) => line.includes('msg_ratelimit'));
    await client.settle();
    expect(client.commands('ROOMSTATE')).toHaveLength(20);
    const bot = await open();
    bot.send(`PASS oauth:${sim.issueUserToken('simmod', ['chat:read'])}`, 'NICK simmod');
    await bot.waitFor((line) => line.includes(' 376 '));
    bot.send(`JOIN ${channels.join(',')}`);
    await bot.waitFor(() => bot.commands('ROOMSTATE').length === 25);
    expect(bot.lines.some((line) => line.includes('msg_ratelimit'))).toBe(false);
  });

  it('refuses a user a 101st channel at once, across connections, but not channels it moderates', async () => {
    const { sim: own } = smallSimulator({ seed: 23, verifiedBots: ['simviewer'] });
    const port = await own.listen();
    const token = own.issueUserToken('simviewer', ['chat:read']);
    const reader = async () => {
      const client = await RawIrcClient.open(port);
      client.send(`PASS oauth:${token}`, 'NICK simviewer');
      await client.waitFor((line) => line.includes(' 376 '));
      return client;
    };
    const [first, second] = [await reader(), await reader()];
    const logins = own.world.channels.slice(0, 103).map((channel) => channel.login);
    own.setModerator('simviewer', logins[102]);
    const refusals = (client: RawIrcClient) =>
      client
        .commands('NOTICE')
        .filter((line) => line.includes('msg-id=msg_concurrent_channel_limit_reached'));
    try {
      first.send(
        `JOIN ${logins
          .slice(0, 60)
          .map((login) => `#${login}`)
          .join(',')}`,
      );
      await first.waitFor(() => first.commands('ROOMSTATE').length === 60);
      second.send(
        `JOIN ${logins
          .slice(60, 102)
          .map((login) => `#${login}`)
          .join(',')}`,
      );
      await second.waitFor(() => refusals(second).length === 2);
      await second.settle();
      // 60 + 40 = 100 counted channels; the 101st and 102nd are refused with Twitch's NOTICE.
      expect(second.commands('ROOMSTATE')).toHaveLength(40);
      expect(refusals(second).map((line) => parseIrcMessage(line)!.params[0])).toEqual(
        logins.slice(100, 102).map((login) => `#${login}`),
      );
      // A channel the user moderates does not count: it is joined beyond the limit.
      second.send(`JOIN #${logins[102]}`);
      await second.waitFor((line) => line.includes(`ROOMSTATE #${logins[102]}`));
      // Leaving a channel frees its place.
      first.send(`PART #${logins[0]}`);
      await first.waitFor((line) => line.includes(` PART #${logins[0]}`));
      second.send(`JOIN #${logins[100]}`);
      await second.waitFor((line) => line.includes(`ROOMSTATE #${logins[100]}`));
      // Two connections in one channel take one place: the same channel again is not refused.
      first.send(`JOIN #${logins[100]}`);
      await first.waitFor((line) => line.includes(`ROOMSTATE #${logins[100]}`));
      expect(refusals(first)).toHaveLength(0);
    } finally {
      first.close();
      second.close();
      await own.close();
    }
  });

  it('serves the real twurple ChatClient: joins, messages, raids, and reconnects', async () => {
    const chat = new ChatClient({
      hostName: `127.0.0.1:${port}/`,
      ssl: false,
      webSocket: true,
      requestMembershipEvents: true,
      channels: [small, busy],
      logger: { minLevel: 'critical' },
    });
    const joins: string[] = [];
    const messages: string[] = [];
    const raids: string[] = [];
    let connects = 0;
    const waiters = new EventWaiters();
    chat.onJoin((channel, user) => {
      joins.push(`${channel}:${user}`);
      waiters.wake();
    });
    chat.onMessage((channel) => {
      messages.push(channel);
      waiters.wake();
    });
    chat.onRaid((channel, user) => {
      raids.push(`${channel}:${user}`);
      waiters.wake();
    });
    chat.onConnect(() => {
      connects++;
      waiters.wake();
    });
    chat.connect();
    try {
      const until = (test: () => boolean) => waiters.until(() => test() || undefined, 5000);
      await until(() => joins.filter((join) => join.includes(':justinfan')).length === 2);
      for (let i = 0; i < 12; i++) sim.advanceClock(10_000);
      await until(() => messages.length > 0 && joins.some((join) => !join.includes(':justinfan')));
      sim.raid(big, busy);
      await until(() => raids.includes(`${busy}:${big}`));
      sim.dropChatConnections();
      await until(() => connects >= 2 && joins.filter((join) => join.includes(':justinfan')).length >= 4);
    } finally {
      chat.quit();
    }
  });
});
