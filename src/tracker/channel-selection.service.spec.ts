import { beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import type { TrackerConfig } from '../config';
import type { LatestSnapshotService } from '../streams/latest-snapshot.service';
import type { SnapshotRepository } from '../streams/snapshot.repository';
import type { SnapshotRecord, StreamRecord } from '../streams/stream-record';
import { ChannelSelectionService } from './channel-selection.service';
import type { PinnedChannelsRepository } from './pinned-channels.repository';

const MINUTE = 60_000;

/** Snapshots published by hand: each is a list of logins, most watched first. */
class FakeSnapshots {
  private snapshots: StreamRecord[][] = [];

  publish(...logins: string[]): void {
    this.snapshots.push(
      logins.map((login, rank) => ({
        id: `s-${login}`,
        userId: `id-${login}`,
        userLogin: login,
        userName: login,
        gameId: null,
        gameName: null,
        title: null,
        viewerCount: 1000 - rank,
        language: null,
        startedAt: null,
      })),
    );
  }

  readonly latest = {
    current: async (): Promise<SnapshotRecord | null> =>
      this.snapshots.length === 0
        ? null
        : { id: this.snapshots.length, takenAt: new Date(0), streamCount: this.snapshots.at(-1)!.length },
  } as unknown as LatestSnapshotService;

  readonly repository = {
    streamsOf: async (id: number) => this.snapshots[id - 1],
  } as unknown as SnapshotRepository;
}

class MemoryPins {
  readonly stored = new Map<string, string | null>();

  readonly repository = {
    logins: async () => [...this.stored.keys()],
    add: async (login: string, by: string | null) => {
      if (this.stored.has(login)) return false;
      this.stored.set(login, by);
      return true;
    },
    remove: async (login: string) => this.stored.delete(login),
  } as unknown as PinnedChannelsRepository;
}

describe('ChannelSelectionService', () => {
  let clock: ManualClock;
  let snapshots: FakeSnapshots;
  let pins: MemoryPins;
  const selectionWith = (config: Partial<TrackerConfig> = {}) =>
    new ChannelSelectionService(snapshots.latest, snapshots.repository, pins.repository, clock, {
      channels: 2,
      offlineGraceMs: 10 * MINUTE,
      ...config,
    } as TrackerConfig);
  const logins = (selection: ChannelSelectionService) => selection.selected().map((c) => c.login);

  beforeEach(() => {
    clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
    snapshots = new FakeSnapshots();
    pins = new MemoryPins();
  });

  it('monitors the top channels of the latest snapshot, then the pinned ones', async () => {
    snapshots.publish('alpha', 'bravo', 'charlie', 'delta');
    const selection = selectionWith();
    await selection.refresh();
    await selection.pin('delta', 'simadmin');
    await selection.pin('echo', 'simadmin');

    expect(selection.selected()).toEqual([
      { login: 'alpha', broadcasterId: 'id-alpha', viewers: 1000, pinned: false, keptUntil: null },
      { login: 'bravo', broadcasterId: 'id-bravo', viewers: 999, pinned: false, keptUntil: null },
      { login: 'delta', broadcasterId: 'id-delta', viewers: 997, pinned: true, keptUntil: null },
      { login: 'echo', broadcasterId: null, viewers: null, pinned: true, keptUntil: null },
    ]);
    expect(pins.stored).toEqual(
      new Map([
        ['delta', 'simadmin'],
        ['echo', 'simadmin'],
      ]),
    );
  });

  it('finds the pins again after a restart', async () => {
    snapshots.publish('alpha', 'bravo', 'charlie');
    const before = selectionWith();
    await before.refresh();
    await before.pin('charlie', null);

    const after = selectionWith();
    await after.refresh();
    expect(logins(after)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(after.selected()[2].pinned).toBe(true);
  });

  it('keeps a channel that left the top for the grace period, then drops it', async () => {
    snapshots.publish('alpha', 'bravo', 'charlie');
    const selection = selectionWith();
    await selection.refresh();
    clock.advance(MINUTE);
    snapshots.publish('alpha', 'charlie');
    await selection.refresh();

    const kept = selection.selected().find((c) => c.login === 'bravo');
    expect(kept).toEqual({
      login: 'bravo',
      broadcasterId: 'id-bravo',
      viewers: null,
      pinned: false,
      keptUntil: new Date(clock.now() + 10 * MINUTE),
    });
    const revision = selection.revision;
    clock.advance(10 * MINUTE - 1);
    await selection.refresh();
    expect(logins(selection)).toEqual(['alpha', 'charlie', 'bravo']);
    expect(selection.revision).toBe(revision);

    clock.advance(1);
    await selection.refresh();
    expect(logins(selection)).toEqual(['alpha', 'charlie']);
    expect(selection.revision).toBeGreaterThan(revision);
  });

  it('drops a kept channel at once when released, and not a channel of the selection', async () => {
    snapshots.publish('alpha', 'bravo');
    const selection = selectionWith();
    await selection.refresh();
    snapshots.publish('alpha');
    await selection.refresh();
    selection.release('alpha');
    selection.release('bravo');
    expect(logins(selection)).toEqual(['alpha']);
  });

  it('stops keeping a channel that comes back into the top', async () => {
    snapshots.publish('alpha', 'bravo');
    const selection = selectionWith();
    await selection.refresh();
    snapshots.publish('alpha');
    await selection.refresh();
    snapshots.publish('bravo', 'alpha');
    await selection.refresh();
    expect(selection.selected().map((c) => [c.login, c.keptUntil])).toEqual([
      ['bravo', null],
      ['alpha', null],
    ]);
  });

  it('keeps the broadcaster id of a pinned channel that went offline', async () => {
    snapshots.publish('alpha', 'bravo', 'charlie');
    const selection = selectionWith();
    await selection.refresh();
    await selection.pin('charlie', null);
    snapshots.publish('alpha', 'bravo');
    await selection.refresh();
    expect(selection.selected()[2]).toEqual({
      login: 'charlie',
      broadcasterId: 'id-charlie',
      viewers: null,
      pinned: true,
      keptUntil: null,
    });
  });

  it('stops an unpinned channel outside the top at once', async () => {
    snapshots.publish('alpha', 'bravo', 'charlie');
    const selection = selectionWith();
    await selection.refresh();
    await selection.pin('charlie', null);
    expect(await selection.unpin('charlie')).toBe(true);
    expect(await selection.unpin('charlie')).toBe(false);
    expect(logins(selection)).toEqual(['alpha', 'bravo']);
    expect(pins.stored.size).toBe(0);
  });

  it('keeps nothing with a grace period of zero', async () => {
    snapshots.publish('alpha', 'bravo');
    const selection = selectionWith({ offlineGraceMs: 0 });
    await selection.refresh();
    snapshots.publish('alpha');
    await selection.refresh();
    expect(logins(selection)).toEqual(['alpha']);
  });
});
