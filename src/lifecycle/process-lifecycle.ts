import { type INestApplication, Logger } from '@nestjs/common';
import type { HttpApplication } from '../common/http/http-adapter';
import { GracefulShutdown } from './graceful-shutdown.service';

const logger = new Logger('Lifecycle');

/** Why start-up failed, in one line that names the setting to change when there is one. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

function listenFailure(error: NodeJS.ErrnoException, port: number, host: string): StartupError {
  const where = `cannot listen on ${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(`${where}: the port is in use (PORT=${port})`);
    case 'EACCES':
      return new StartupError(`${where}: the port needs privileges this process lacks (PORT=${port})`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new StartupError(`${where}: no such host name (HOST=${host})`);
    case 'EADDRNOTAVAIL':
      return new StartupError(`${where}: not an address of this machine (HOST=${host})`);
    default:
      return new StartupError(`${where} (HOST=${host}, PORT=${port}): ${error.message}`);
  }
}

/**
 * Starts the app (every lifecycle hook) and then its HTTP listener, which rejects with a `StartupError`
 * naming PORT or HOST. Fastify binds it (so that its close closes it) rather than `app.listen`, which would
 * log the raw error a second time.
 */
export async function startListening(app: HttpApplication, port: number, host: string): Promise<void> {
  await app.init();
  try {
    await app.getHttpAdapter().getInstance().listen({ port, host });
  } catch (error) {
    throw listenFailure(error as NodeJS.ErrnoException, port, host);
  }
}

/**
 * Closes the app, waiting at most `timeoutMs`; true when it stopped cleanly in time. When the time runs
 * out, the log says what was still running, and the caller exits anyway.
 */
export async function closeWithin(app: INestApplication, timeoutMs: number): Promise<boolean> {
  const shutdown = app.get(GracefulShutdown, { strict: false });
  shutdown.begin();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), timeoutMs);
  });
  const outcome = await Promise.race([
    app.close().then(
      () => 'closed' as const,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    ),
    expired,
  ]);
  clearTimeout(timer);
  if (outcome === 'closed') return true;
  if (outcome === 'expired') {
    const running = shutdown.stillRunning();
    logger.error(
      `Not stopped within SHUTDOWN_TIMEOUT (${timeoutMs / 1000} s); exiting anyway, still running: ` +
        (running.length > 0 ? running.join(', ') : 'nothing that reported itself'),
    );
  } else {
    logger.error(`Stopping failed: ${outcome.message}`);
  }
  return false;
}

/**
 * SIGTERM or SIGINT stops the app within `timeoutMs` and ends the process: exit code 0 after a clean
 * stop, 1 when the time ran out or a stop hook failed. A second signal exits at once (code 1).
 */
export function stopOnSignals(app: INestApplication, timeoutMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting for the stop`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: stopping (SHUTDOWN_TIMEOUT ${timeoutMs / 1000} s)`);
    void closeWithin(app, timeoutMs).then((clean) => {
      if (clean) logger.log('Stopped');
      process.exit(clean ? 0 : 1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
