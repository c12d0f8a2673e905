import { describe, it } from '@jest/globals';
import { missingSqlTargets } from './sql-test-database';

/** Declares a skipped test per server dialect whose URL is not set, so the run counts it as skipped. */
export function skipMissingSqlTargets(suite: string): void {
  for (const setting of missingSqlTargets()) {
    describe(`${suite} (${setting} not set)`, () => {
      it.skip(`runs when ${setting} is set`, () => undefined);
    });
  }
}
