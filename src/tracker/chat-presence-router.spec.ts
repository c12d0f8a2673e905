import { describe, expect, it } from '@jest/globals';
import { ChatPresenceRouter } from './chat-presence-router';
import { TrackingEngine } from './tracking-engine';
import { ManualClock } from '../common/clock';
import { RaidFollower } from './raid-follower';
import { MemoryChat, MemoryRaids } from '../../test/tracker/tracker-fakes';

const S = 1000;

function setup() {
  const chat = new MemoryChat();
  const engine = new TrackingEngine({ membershipDelayMs: 0, activityTtlMs: 60 * S });
  const raids = new MemoryRaids();
  const follower = new RaidFollower(raids, engine, new ManualClock());
  const router = new ChatPresenceRouter(chat, engine, follower);
  const pairs = () => engine.settle().map((m) => `${m.login}:${m.fromChannel}>${m.toChannel}:${m.source}`);
  return { chat, engine, router, pairs, raids, follower };
}

describe('ChatPresenceRouter', () => {
  it('connects chat once, on the first channel watched, and joins each room', async () => {
    const { chat, router } = setup();
    await Promise.all([router.watch('a', 'MEMBERSHIP'), router.watch('b', 'ACTIVITY')]);
    expect(chat.connects).toBe(1);
    expect(chat.joined).toEqual(['a', 'b']);
    // Each room is joined for what its source reads: JOIN/PART, or messages.
    expect([...chat.readings]).toEqual([
      ['a', 'membership'],
      ['b', 'messages'],
    ]);
  });

  it('tries a connection that failed again with the next channel', async () => {
    const { chat, router } = setup();
    chat.failNextConnect = true;
    await router.watch('a', 'MEMBERSHIP');
    expect(chat.joined).toEqual([]);
    await router.watch('b', 'MEMBERSHIP');
    expect(chat.connects).toBe(2);
    expect(chat.joined).toEqual(['b']);
  });

  it('reads JOIN/PART in MEMBERSHIP channels and messages in ACTIVITY channels, nothing else', async () => {
    const { chat, router, engine, pairs } = setup();
    await router.watch('a', 'MEMBERSHIP');
    await router.watch('b', 'MEMBERSHIP');
    await router.watch('c', 'ACTIVITY');
    chat.emit({ kind: 'names', channel: 'a', logins: ['viewer'], at: 0 });
    chat.emit({ kind: 'part', channel: 'a', login: 'viewer', at: 10 * S });
    chat.emit({ kind: 'join', channel: 'b', login: 'viewer', at: 20 * S });
    // A message in a MEMBERSHIP channel, a JOIN in an ACTIVITY one, an unwatched channel: ignored.
    chat.emit({ kind: 'message', channel: 'b', login: 'talker', at: 20 * S });
    chat.emit({ kind: 'join', channel: 'c', login: 'joiner', at: 20 * S });
    chat.emit({ kind: 'join', channel: 'z', login: 'viewer', at: 30 * S });
    chat.emit({ kind: 'message', channel: 'c', login: 'viewer', at: 40 * S });
    expect(engine.stats().trackedUsers).toBe(1);
    expect(engine.channelCount('viewer')).toBe(2);
    expect(pairs()).toEqual(['viewer:a>b:MEMBERSHIP']);
  });

  it('flags raids whatever the channel, and parts an unwatched channel whose events it then ignores', async () => {
    const { chat, router, engine } = setup();
    await router.watch('a', 'MEMBERSHIP');
    await router.watch('b', 'MEMBERSHIP');
    chat.emit({ kind: 'names', channel: 'a', logins: ['viewer'], at: 0 });
    chat.emit({ kind: 'raid', channel: 'b', fromLogin: 'A', viewers: 10, at: 5 * S });
    chat.emit({ kind: 'part', channel: 'a', login: 'viewer', at: 10 * S });
    chat.emit({ kind: 'join', channel: 'b', login: 'viewer', at: 20 * S });
    expect(engine.settle().map((m) => m.viaRaid)).toEqual([true]);

    router.unwatch('b');
    router.unwatch('never-watched');
    expect(chat.parted).toEqual(['b']);
    chat.emit({ kind: 'join', channel: 'b', login: 'late', at: 30 * S });
    expect(engine.stats().trackedUsers).toBe(1);
  });

  it('reports a join Twitch did not answer, and leaves the room so that the retry starts clean', async () => {
    const { chat, router } = setup();
    chat.unanswered.add('a');
    expect(await router.watch('a', 'ACTIVITY')).toBe('UNANSWERED');
    expect(chat.parted).toEqual(['a']);
    chat.unanswered.clear();
    expect(await router.watch('a', 'ACTIVITY')).toBeNull();
  });

  it('stops routing and disconnects when closed, and leaves a chat it never opened alone', async () => {
    const { chat, router, engine } = setup();
    await router.watch('a', 'ACTIVITY');
    await router.close();
    chat.emit({ kind: 'message', channel: 'a', login: 'viewer', at: 0 });
    expect(engine.stats().trackedUsers).toBe(0);
    expect(chat.disconnects).toBe(1);

    const unused = setup();
    await unused.router.close();
    expect(unused.chat.disconnects).toBe(0);
  });
});
