import { describe, expect, it } from '@jest/globals';
import { MemoryRaids } from '../../test/tracker/tracker-fakes';
import { ManualClock } from '../common/clock';
import { MAX_FOLLOWS_PER_SYNC, RAID_FOLLOW_RETRY_MS, RaidFollower } from './raid-follower';
import { TrackingEngine } from './tracking-engine';

const S = 1000;

/** Lets the follower's background calls answer. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const clock = new ManualClock(0);
  const raids = new MemoryRaids();
  const engine = new TrackingEngine({ membershipDelayMs: 0, activityTtlMs: 60 * S });
  const follower = new RaidFollower(raids, engine, clock);
  /** `viewer` leaves `from` and turns up in `to` (both CHATTERS channels), around a raid at 5 s. */
  const migrate = (from: string, to: string) => {
    engine.applyChattersPoll(from, ['viewer'], 0, true);
    engine.applyChattersPoll(to, [], 0, true);
    engine.applyChattersPoll(from, [], 10 * S, true);
    engine.applyChattersPoll(to, ['viewer'], 20 * S, true);
    return engine
      .settle()
      .map((migration) => `${migration.fromChannel}>${migration.toChannel}:${migration.viaRaid}`);
  };
  return { clock, raids, engine, follower, migrate };
}

describe('RaidFollower', () => {
  it('follows every monitored channel Twitch knows, and no longer the ones that left', async () => {
    const { raids, follower } = setup();
    follower.sync([
      { login: 'a', broadcasterId: '1' },
      { login: 'b', broadcasterId: '2' },
      { login: 'unknown', broadcasterId: null },
    ]);
    await settled();
    expect([...raids.followed]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(follower.isFollowed('a')).toBe(true);
    expect(follower.followedCount).toBe(2);

    follower.sync([{ login: 'b', broadcasterId: '2' }]);
    await settled();
    expect([...raids.followed.keys()]).toEqual(['b']);
    expect(follower.isFollowed('a')).toBe(false);
    // Followed channels are not asked for again.
    expect(raids.follows).toBe(2);
  });

  it('follows at most MAX_FOLLOWS_PER_SYNC more channels per sync, so the app token keeps room', async () => {
    const { raids, follower } = setup();
    const targets = Array.from({ length: 12 }, (_, index) => ({
      login: `c${index}`,
      broadcasterId: `${index}`,
    }));
    follower.sync(targets);
    await settled();
    expect(raids.followed.size).toBe(MAX_FOLLOWS_PER_SYNC);
    follower.sync(targets);
    follower.sync(targets);
    await settled();
    expect(raids.followed.size).toBe(12);
  });

  it('flags a migration between CHATTERS channels with a raid from channel.raid', async () => {
    const { raids, follower, migrate } = setup();
    follower.sync([
      { login: 'a', broadcasterId: '1' },
      { login: 'b', broadcasterId: '2' },
    ]);
    await settled();
    raids.emit({ fromLogin: 'A', toLogin: 'b', viewers: 10, at: 5 * S });
    expect(migrate('a', 'b')).toEqual(['a>b:true']);
  });

  it('uses a raid read in chat only for a channel whose raids it does not follow', async () => {
    const { follower, migrate } = setup();
    follower.sync([{ login: 'b', broadcasterId: '2' }]);
    await settled();
    // Followed: the same raid arrives from channel.raid; the chat's copy is not counted.
    follower.applyChatRaid('a', 'b', 5 * S);
    expect(migrate('a', 'b')).toEqual(['a>b:false']);
    follower.applyChatRaid('a', 'c', 5 * S);
    expect(migrate('a', 'c')).toEqual(['a>c:true']);
  });

  it('tries a refused channel again only after RAID_FOLLOW_RETRY_MS', async () => {
    const { clock, raids, follower } = setup();
    raids.refused.add('a');
    const targets = [{ login: 'a', broadcasterId: '1' }];
    follower.sync(targets);
    await settled();
    follower.sync(targets);
    await settled();
    expect(raids.follows).toBe(1);
    raids.refused.clear();
    clock.advance(RAID_FOLLOW_RETRY_MS);
    follower.sync(targets);
    await settled();
    expect(raids.follows).toBe(2);
    expect(follower.isFollowed('a')).toBe(true);
  });

  it('unfollows a channel that left while Twitch was answering, and routes nothing once closed', async () => {
    const { raids, follower, migrate } = setup();
    follower.sync([{ login: 'a', broadcasterId: '1' }]);
    follower.sync([]);
    await settled();
    await settled();
    expect(raids.followed.size).toBe(0);
    expect(follower.isFollowed('a')).toBe(false);

    follower.sync([{ login: 'b', broadcasterId: '2' }]);
    await settled();
    await follower.close();
    expect(raids.closed).toBe(true);
    raids.emit({ fromLogin: 'a', toLogin: 'b', viewers: 10, at: 5 * S });
    expect(migrate('a', 'b')).toEqual(['a>b:false']);
  });
});
