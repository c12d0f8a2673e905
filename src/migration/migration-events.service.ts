import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { PubSub, withFilter } from 'graphql-subscriptions';
import type { MigrationRecord } from './migration-record';

const RECORDED = 'migrationRecorded';

/** True when the migration leaves or enters `channel` (a lower-case login, as records hold). */
export function touchesChannel(record: MigrationRecord, channel: string): boolean {
  return record.fromChannel === channel || record.toChannel === channel;
}

/**
 * Announces migrations once they are stored, for the `migrationRecorded` subscription. In-process: each
 * instance tells its own subscribers about what its own tracker stored (a scale-out would swap the PubSub
 * for a shared engine, e.g. Redis, behind the same two methods).
 */
@Injectable()
export class MigrationEventsService {
  // Our own emitter, so that publishing can count listeners and skip the work when nobody listens.
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly pubsub = new PubSub<{ [RECORDED]: MigrationRecord }>({ eventEmitter: this.emitter });

  /** Open subscriptions (those that have started listening). */
  get subscribers(): number {
    return this.emitter.listenerCount(RECORDED);
  }

  /** Tells every subscriber about these stored migrations, in order. Synchronous and never throws. */
  publish(records: readonly MigrationRecord[]): void {
    if (records.length === 0 || this.subscribers === 0) return;
    for (const record of records) void this.pubsub.publish(RECORDED, record);
  }

  /**
   * The migrations published from now on, only those into or out of `channel` when given. Returning the
   * iterator ends the subscription and removes its listener.
   */
  recorded(channel?: string): Promise<AsyncIterableIterator<MigrationRecord>> {
    const source = () => this.pubsub.asyncIterableIterator<MigrationRecord>(RECORDED);
    const iterate =
      channel === undefined
        ? source
        : withFilter(
            source,
            (record?: MigrationRecord) => record !== undefined && touchesChannel(record, channel),
          );
    return Promise.resolve(iterate() as AsyncIterableIterator<MigrationRecord>);
  }
}
