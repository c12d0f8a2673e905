/**
 * Waiting on events instead of time: a test calls `wake()` from every event handler it installs, and
 * `until` re-checks its condition then (and once at once). Only the timeout is a timer, and it fails.
 */
export class EventWaiters {
  private readonly checks = new Set<() => void>();

  /** Re-checks every pending `until`; call it after each event. */
  wake(): void {
    for (const check of [...this.checks]) check();
  }

  /** What `probe` finds (anything but undefined), as soon as it finds it; rejects after `timeoutMs`. */
  until<T>(probe: () => T | undefined, timeoutMs: number, describe = () => 'the condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.checks.delete(check);
      };
      this.checks.add(check);
      check();
    });
  }
}
