import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import { MemoryTrackerStores, TEST_TRACKER_CONFIG } from '../../test/tracker/tracker-fakes';
import type { TrackingEngine } from './tracking-engine';
import { trackingEngineFor } from './tracking-engine.provider';

const S = 1000;
const START = Date.UTC(2026, 10, 22, 12);
const config = TEST_TRACKER_CONFIG;

function setup(stores = new MemoryTrackerStores(), clock = new ManualClock(START)) {
  const engine = trackingEngineFor(config);
  const { store, checkpoints, published } = stores;
  return { store, checkpoints, clock, engine, writer: stores.writer(engine, clock), published };
}

/** `Viewer` leaves alpha at START + 60 s and joins bravo at START + 90 s. */
function observeMove(engine: TrackingEngine): void {
  engine.applyChattersPoll('alpha', ['Viewer'], START, true);
  engine.applyChattersPoll('bravo', [], START, true);
  engine.applyChattersPoll('alpha', [], START + 60 * S, true);
  engine.applyChattersPoll('bravo', ['Viewer'], START + 90 * S, true);
}

const moves = (records: readonly { userLogin: string; fromChannel: string; toChannel: string }[]) =>
  records.map((m) => `${m.userLogin}:${m.fromChannel}>${m.toChannel}`);

describe('MigrationWriter', () => {
  it('stores what became final, lower-cased, and announces only what the store took', async () => {
    const { engine, writer, clock, store, published } = setup();
    observeMove(engine);
    await writer.flush();
    expect(store.attempts).toEqual([]);
    clock.set(START + 600 * S);
    await writer.flush();
    expect(moves(store.stored)).toEqual(['viewer:alpha>bravo']);
    expect(store.stored[0]).toMatchObject({ source: 'CHATTERS', viaRaid: false });
    expect(published).toEqual(store.stored);
    expect(writer.migrationsRecorded).toBe(1);
  });

  it('stores the pairs already seen at once when settling', async () => {
    const { engine, writer, store } = setup();
    observeMove(engine);
    await writer.flush(true);
    expect(moves(store.stored)).toEqual(['viewer:alpha>bravo']);
  });

  it('keeps a refused batch, tries it first on the next flush, and holds the checkpoint meanwhile', async () => {
    const { engine, writer, store, checkpoints } = setup();
    observeMove(engine);
    await writer.flush();
    const before = structuredClone(checkpoints.saved);
    store.failures = 1;
    await writer.flush(true);
    expect(writer.unsavedMigrations).toBe(1);
    expect(checkpoints.saved).toEqual(before);

    await writer.flush();
    expect(store.attempts).toHaveLength(2);
    expect(store.attempts[1]).toEqual(store.attempts[0]);
    expect(moves(store.stored)).toEqual(['viewer:alpha>bravo']);
    expect(writer.unsavedMigrations).toBe(0);
    expect(checkpoints.saved).not.toEqual(before);
  });

  it('stores the viewer counts sampled since the last flush', async () => {
    const { writer, store } = setup();
    const count = { channel: 'alpha', at: new Date(START), viewers: 10, chatters: 7 };
    writer.addViewerCount(count);
    await writer.flush();
    await writer.flush();
    expect(store.counts).toEqual([count]);
  });

  it('resumes the presence of a recent checkpoint, and only the pending events of an old one', async () => {
    const first = setup();
    observeMove(first.engine);
    first.engine.applyChattersPoll('alpha', ['stayer'], START + 90 * S, true);
    await first.writer.flush();
    const savedAt = START;
    /** A new process on a copy of what the first one stored. */
    const restart = (now: number) => {
      const stores = new MemoryTrackerStores();
      stores.checkpoints.saved = structuredClone(first.checkpoints.saved);
      return setup(stores, new ManualClock(now));
    };

    const recent = restart(savedAt + 60 * S);
    expect(await recent.writer.resume()).toEqual({
      channels: new Map([
        ['alpha', 'list'],
        ['bravo', 'list'],
      ]),
      savedAt,
    });
    expect(recent.engine.channelCount('stayer')).toBe(1);
    await recent.writer.flush(true);
    expect(moves(recent.store.stored)).toEqual(['viewer:alpha>bravo']);

    const old = restart(savedAt + config.windowMs);
    expect(await old.writer.resume()).toBeNull();
    expect(old.engine.channelCount('stayer')).toBe(0);
    await old.writer.flush(true);
    expect(moves(old.store.stored)).toEqual(['viewer:alpha>bravo']);
    // The presence too old to use is deleted with the next checkpoint.
    expect([...(old.checkpoints.saved?.channels.keys() ?? [])]).toEqual([]);
  });
});
