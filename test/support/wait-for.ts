export interface WaitForOptions {
  /** How long to keep trying before failing (default 20 s). */
  timeoutMs?: number;
  /** The pause between tries (default 10 ms); never more than 100 ms, so that no test sleeps long. */
  intervalMs?: number;
}

const MAX_INTERVAL_MS = 100;

/**
 * Polls `condition` until it returns a truthy value, and returns that value. A condition that throws (an
 * `expect` that does not hold yet, a service not ready yet) is tried again; after `timeoutMs` the wait fails
 * naming `what` and the last error, so a mismatch fails with both values in the message.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  what: string,
  { timeoutMs = 20_000, intervalMs = 10 }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  if (intervalMs > MAX_INTERVAL_MS)
    throw new Error(`waitFor polls at most every ${MAX_INTERVAL_MS} ms; got ${intervalMs}`);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError === undefined ? '' : `: ${(lastError as Error).message ?? String(lastError)}`;
      throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * `promise`'s value, or `undefined` when it has not settled within `timeoutMs`; the timer is cleared either
 * way, so that no bound outlives its test (a pending timer keeps Jest's worker from exiting).
 */
export async function within<T>(promise: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
