import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';
import { SubscriptionQueue } from '../common/graphql/subscription-queue';
import { type GraphqlConfig, graphqlConfig } from '../config';
import type { MigrationRecord } from './migration-record';

/** True when the migration leaves or enters `channel` (a lower-case login, as records hold). */
export function touchesChannel(record: MigrationRecord, channel: string): boolean {
  return record.fromChannel === channel || record.toChannel === channel;
}

type Listener = (records: readonly MigrationRecord[]) => void;

/**
 * Announces migrations once they are stored, for the `migrationRecorded` subscription. In-process: each
 * instance tells its own subscribers about what its own tracker stored (a scale-out would swap this for a
 * shared engine, e.g. Redis pub/sub, behind the same two methods).
 */
@Injectable()
export class MigrationEventsService {
  private readonly listeners = new Set<Listener>();

  constructor(@Inject(graphqlConfig.KEY) private readonly config: Pick<GraphqlConfig, 'subscriptionQueue'>) {}

  /** Open subscriptions. */
  get subscribers(): number {
    return this.listeners.size;
  }

  /** Tells every subscriber about these stored migrations, in order. Synchronous and never throws. */
  publish(records: readonly MigrationRecord[]): void {
    if (records.length === 0) return;
    for (const listener of this.listeners) listener(records);
  }

  /**
   * The migrations published from now on, only those into or out of `channel` when given (filtered as
   * they are published, so a subscriber's queue holds only its own). Returning the iterator ends the
   * subscription; so does falling SUBSCRIPTION_QUEUE migrations behind, with SUBSCRIPTION_OVERFLOW.
   */
  recorded(channel?: string): Promise<AsyncIterableIterator<MigrationRecord>> {
    const capacity = this.config.subscriptionQueue;
    const queue = new SubscriptionQueue<MigrationRecord>(
      capacity,
      () =>
        new DomainError(
          ErrorCode.SubscriptionOverflow,
          `This subscription fell ${capacity} migrations behind (SUBSCRIPTION_QUEUE) and was ended: ` +
            'query `migrations` for what you missed, then subscribe again.',
        ),
      () => this.listeners.delete(listener),
    );
    const listener: Listener = (records) => {
      for (const record of records) {
        if (channel === undefined || touchesChannel(record, channel)) queue.push(record);
      }
    };
    this.listeners.add(listener);
    return Promise.resolve(queue);
  }
}
