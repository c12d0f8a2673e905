import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../common/clock';
import { MigrationEventsService, touchesChannel } from './migration-events.service';
import type { MigrationRecord } from './migration-record';
import type { MigrationRepository } from './migration-repository.port';
import { MigrationService } from './migration.service';

let nextId = 1;
function record(fromChannel: string, toChannel: string, userLogin = 'viewer'): MigrationRecord {
  const joinedAt = new Date(Date.UTC(2026, 4, 10, 12, 0, nextId));
  return {
    id: String(nextId++),
    userLogin,
    fromChannel,
    toChannel,
    leftAt: new Date(joinedAt.getTime() - 30_000),
    joinedAt,
    viaRaid: false,
    source: 'CHATTERS',
  };
}

/** Takes `count` values, then ends the subscription as a client unsubscribing would. */
async function take<T>(iterator: AsyncIterableIterator<T>, count: number): Promise<T[]> {
  const values: T[] = [];
  while (values.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    values.push(next.value);
  }
  await iterator.return?.();
  return values;
}

/** Lets the iterators' lazy subscription (on their first `next`) happen. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('touchesChannel', () => {
  it('matches the channel a migration leaves or enters, and no other', () => {
    const m = record('alpha', 'beta');
    expect(touchesChannel(m, 'alpha')).toBe(true);
    expect(touchesChannel(m, 'beta')).toBe(true);
    expect(touchesChannel(m, 'gamma')).toBe(false);
    expect(touchesChannel(m, 'alph')).toBe(false);
  });
});

describe('MigrationEventsService', () => {
  it('delivers every published migration, in order, to each subscriber', async () => {
    const events = new MigrationEventsService({ subscriptionQueue: 100 });
    const first = await events.recorded();
    const second = await events.recorded();
    const received = [take(first, 3), take(second, 3)];
    await settle();
    expect(events.subscribers).toBe(2);
    const batch = [record('a', 'b'), record('b', 'c'), record('c', 'a')];
    events.publish(batch);
    expect(await Promise.all(received)).toEqual([batch, batch]);
    expect(events.subscribers).toBe(0);
  });

  it('filters by channel, on either side of the migration', async () => {
    const events = new MigrationEventsService({ subscriptionQueue: 100 });
    const received = take(await events.recorded('b'), 2);
    await settle();
    const [ab, cd, bc] = [record('a', 'b'), record('c', 'd'), record('b', 'c')];
    events.publish([ab, cd]);
    events.publish([bc]);
    expect(await received).toEqual([ab, bc]);
  });

  it('publishes nothing to nobody, and nothing from before a subscription', async () => {
    const events = new MigrationEventsService({ subscriptionQueue: 100 });
    expect(() => events.publish([record('a', 'b')])).not.toThrow();
    const iterator = await events.recorded();
    const received = take(iterator, 1);
    await settle();
    events.publish([]);
    const later = record('x', 'y');
    events.publish([later]);
    expect(await received).toEqual([later]);
  });

  it('removes the listener of a subscription that ends while waiting', async () => {
    const events = new MigrationEventsService({ subscriptionQueue: 100 });
    const iterator = await events.recorded('a');
    const pending = iterator.next();
    await settle();
    expect(events.subscribers).toBe(1);
    await iterator.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(events.subscribers).toBe(0);
  });
  it('ends a subscriber that falls SUBSCRIPTION_QUEUE behind with SUBSCRIPTION_OVERFLOW, and forgets it', async () => {
    const events = new MigrationEventsService({ subscriptionQueue: 3 });
    const slow = await events.recorded();
    const filtered = await events.recorded('z');
    events.publish([record('a', 'b'), record('b', 'c'), record('c', 'd')]);
    expect(events.subscribers).toBe(2);
    events.publish([record('d', 'e')]);
    // Only the slow one: the filtered subscriber never queued what it does not want.
    expect(events.subscribers).toBe(1);
    await expect(slow.next()).rejects.toMatchObject({ code: 'SUBSCRIPTION_OVERFLOW' });
    await expect(slow.next()).resolves.toEqual({ value: undefined, done: true });
    const wanted = record('z', 'a');
    events.publish([wanted]);
    expect(await filtered.next()).toEqual({ value: wanted, done: false });
  });
});

describe('MigrationService.recorded', () => {
  const service = (events: MigrationEventsService) =>
    new MigrationService({} as MigrationRepository, new ManualClock(0), events);

  it('takes null as no filter', async () => {
    const events = new MigrationEventsService({ subscriptionQueue: 100 });
    const received = take(await service(events).recorded(null), 1);
    await settle();
    const m = record('x', 'y');
    events.publish([m]);
    expect(await received).toEqual([m]);
  });
});
