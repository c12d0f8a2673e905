import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { TrackerConfig } from '../config';
import type { MigrationRecord } from '../migration/migration-record';
import {
  type ChattersPoll,
  ModeratorTokenRefusedError,
  type TwitchChattersPort,
} from '../twitch/twitch-chatters.port';
import {
  type FlakyStore,
  type MemoryCheckpoints,
  MemoryTrackerStores,
  startTrackerService,
  TEST_TRACKER_CONFIG,
} from '../../test/tracker/tracker-fakes';
import type { ChannelSelectionService, SelectedChannel } from './channel-selection.service';
import { TrackerService } from './tracker.service';

const S = 1000;
const START = Date.UTC(2026, 10, 22, 12);

const channel = (login: string, broadcasterId: string): SelectedChannel => ({
  login,
  broadcasterId,
  viewers: 5000,
  pinned: false,
  keptUntil: null,
});

describe('TrackerService storing migrations', () => {
  let clock: ManualClock;
  let store: FlakyStore;
  let checkpoints: MemoryCheckpoints;
  let published: MigrationRecord[];
  let chatters: Record<string, string[]>;
  /** Every Get Chatters call fails with it while set. */
  let pollFailure: Error | null;
  let tracker: TrackerService;
  let startTracker: (config?: TrackerConfig) => Promise<TrackerService>;

  beforeEach(async () => {
    // A manual clock runs no timer: the test drives the rounds.
    clock = new ManualClock(START);
    const stores = new MemoryTrackerStores();
    ({ store, checkpoints, published } = stores);
    chatters = { '1': ['viewer', 'stayer'], '2': ['other'] };
    pollFailure = null;
    const selection = {
      revision: 1,
      refresh: async () => undefined,
      selected: () => [channel('alpha', '1'), channel('bravo', '2')],
      release: () => undefined,
    } as unknown as ChannelSelectionService;
    const chattersPort = {
      available: true,
      revision: 0,
      budgets: new Map([['moderator-1', 800]]),
      moderatorFor: () => 'moderator-1',
      poll: async (id: string): Promise<ChattersPoll> => {
        if (pollFailure) throw pollFailure;
        return { logins: chatters[id], total: chatters[id].length, complete: true };
      },
    } as unknown as TwitchChattersPort;
    // A new process on the same stores: what a restart after a crash starts from.
    startTracker = async (config = TEST_TRACKER_CONFIG) =>
      (await startTrackerService({ config, selection, chatters: chattersPort, stores, clock })).tracker;
    tracker = await startTracker();
  });

  afterEach(async () => {
    await tracker.beforeApplicationShutdown();
  });

  it('runs its rounds on its clock, every second, and stops them at shutdown', async () => {
    await tracker.beforeApplicationShutdown();
    let round: (() => void) | undefined;
    let stopped = 0;
    jest.spyOn(clock, 'every').mockImplementation((ms, work) => {
      expect(ms).toBe(S);
      round = work;
      return () => void stopped++;
    });
    tracker = await startTracker();
    expect(tracker.status().lastRoundAt).toBeNull();
    round!();
    await tracker.beforeApplicationShutdown();
    expect(tracker.status().lastRoundAt).toEqual(clock.date());
    expect(stopped).toBeGreaterThan(0);
  });

  /** Ticks every 30 s (both channels' slots) until `until` seconds after the start. */
  async function runUntil(seconds: number): Promise<void> {
    while (clock.now() <= START + seconds * S) {
      await tracker.tick();
      clock.advance(30 * S);
    }
  }

  it('keeps a batch the store refused and stores it on a later round, once', async () => {
    await runUntil(30);
    chatters = { '1': ['stayer'], '2': ['other', 'viewer'] };
    store.failures = 1;
    await runUntil(600);

    expect(store.attempts.length).toBeGreaterThanOrEqual(2);
    expect(store.attempts[0]).toEqual(store.attempts[1]);
    expect(store.stored.map((m) => `${m.userLogin}:${m.fromChannel}>${m.toChannel}`)).toEqual([
      'viewer:alpha>bravo',
    ]);
    expect(published).toEqual(store.stored);
    expect(tracker.status().migrationsRecorded).toBe(1);
  });

  it('stores at shutdown a migration the watermark had not reached yet', async () => {
    await runUntil(30);
    chatters = { '1': ['stayer'], '2': ['other', 'viewer'] };
    await runUntil(90);
    expect(store.attempts).toEqual([]);

    await tracker.beforeApplicationShutdown();
    expect(store.stored.map((m) => `${m.userLogin}:${m.fromChannel}>${m.toChannel}`)).toEqual([
      'viewer:alpha>bravo',
    ]);
  });

  it('with TRACKER_PAIRING=live, stores a migration in the round that polls its later side', async () => {
    await tracker.beforeApplicationShutdown();
    tracker = await startTracker({ ...TEST_TRACKER_CONFIG, pairing: 'live' });
    await runUntil(30);
    chatters = { '1': ['stayer'], '2': ['other', 'viewer'] };
    // Alpha's poll at 60 s misses the viewer, bravo's at 90 s shows them (exact pairing waits past 120 s).
    await runUntil(60);
    expect(store.stored).toEqual([]);
    await runUntil(90);
    const stored = store.stored.map((m) => `${m.userLogin}:${m.fromChannel}>${m.toChannel}`);
    expect(stored).toEqual(['viewer:alpha>bravo']);
    expect(published).toEqual(store.stored);
  });

  it('resumes after a crash from the checkpoint: a pair seen before it is stored after the restart', async () => {
    await runUntil(30);
    chatters = { '1': ['stayer'], '2': ['other', 'viewer'] };
    await runUntil(90);
    expect(store.attempts).toEqual([]);
    expect(checkpoints.saved?.users.get('viewer')?.leaves).toEqual([['alpha', START + 60 * S]]);

    // The process dies here: no shutdown step runs. A new one starts on the same stores and clock.
    tracker = await startTracker();
    await runUntil(600);
    expect(store.stored.map((m) => `${m.userLogin}:${m.fromChannel}>${m.toChannel}`)).toEqual([
      'viewer:alpha>bravo',
    ]);
  });

  it('resumes presence: a leave before the crash pairs with a join after it', async () => {
    await runUntil(30);
    chatters = { '1': ['stayer'], '2': ['other'] };
    await runUntil(60);
    tracker = await startTracker();
    chatters = { '1': ['stayer'], '2': ['other', 'viewer'] };
    await runUntil(600);
    expect(store.stored.map((m) => `${m.userLogin}:${m.fromChannel}>${m.toChannel}`)).toEqual([
      'viewer:alpha>bravo',
    ]);
  });

  it('keeps the checkpoint of the last round that stored everything while the store refuses migrations', async () => {
    await runUntil(30);
    chatters = { '1': ['stayer'], '2': ['other', 'viewer'] };
    store.failures = 1_000;
    // The pair is final at about 300 s: until then there is nothing to store, and rounds checkpoint.
    await runUntil(270);
    const before = structuredClone(checkpoints.saved);
    expect(before?.users.get('viewer')?.joins).toEqual([['bravo', START + 90 * S, 'CHATTERS']]);
    await runUntil(600);
    expect(store.stored).toEqual([]);
    expect(checkpoints.saved).toEqual(before);

    // Crash while the store is down; the restart pairs the migration again from the checkpoint.
    store.failures = 0;
    tracker = await startTracker();
    await runUntil(1200);
    expect(store.stored.map((m) => `${m.userLogin}:${m.fromChannel}>${m.toChannel}`)).toEqual([
      'viewer:alpha>bravo',
    ]);
  });

  it('reports the poll cycle in which every poll failed, and the one after it that recovered', async () => {
    await runUntil(30);
    expect(tracker.pollCycleStatus()).toBeNull();
    pollFailure = new Error('Twitch answered 503');
    await runUntil(90);
    // Closed at 60 s: the polls of 0 s and 30 s, before the failures.
    expect(tracker.pollCycleStatus()).toEqual({ endedAt: new Date(START + 60 * S), polls: 2, failed: 0 });
    await runUntil(120);
    expect(tracker.pollCycleStatus()).toEqual({ endedAt: new Date(START + 120 * S), polls: 2, failed: 2 });
    pollFailure = null;
    await runUntil(180);
    // The poll of 120 s failed, the one of 150 s did not.
    expect(tracker.pollCycleStatus()).toMatchObject({ polls: 2, failed: 1 });
    await runUntil(240);
    expect(tracker.pollCycleStatus()).toEqual({ endedAt: new Date(START + 240 * S), polls: 2, failed: 0 });
  });

  it('does not count a poll refused for the moderator token as failed: the channel falls back to chat', async () => {
    pollFailure = new ModeratorTokenRefusedError('the token validation answered 401');
    await runUntil(60);
    expect(tracker.pollCycleStatus()).toMatchObject({ polls: 2, failed: 0 });
  });
});
