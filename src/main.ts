import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { createHttpAdapter, type HttpApplication } from './common/http/http-adapter';
import { RedactingLogger } from './common/redacting-logger';
import {
  appConfig,
  ConfigValidationError,
  configNamespaces,
  configuredSecrets,
  databaseConfig,
  loadEnvFile,
  migrationConfig,
  twitchConfig,
} from './config';
import { prepareDatabase } from './database/database-preparation';
import { closeWithin, StartupError, startListening, stopOnSignals } from './lifecycle/process-lifecycle';

/**
 * Nest logs an error thrown while it creates the app (its `ExceptionHandler`) with the whole stack, then
 * rethrows it (`abortOnError: false`) to bootstrap's catch, which reports it once.
 */
class StartupLogger extends RedactingLogger {
  override error(message: unknown, ...rest: unknown[]): void {
    if (rest.at(-1) === 'ExceptionHandler') return;
    super.error(message, ...rest);
  }
}

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  loadEnvFile();
  // Before any setting is validated: a failing start-up logs through the redaction too.
  const redactingLogger = new StartupLogger(configuredSecrets());
  Logger.overrideLogger(redactingLogger);
  // Every setting is read once before anything starts, so a bad one stops start-up in one line.
  for (const readSettings of configNamespaces) readSettings();
  const twitch = twitchConfig();
  // A mock API port set by hand means a standalone simulator is already running.
  const embeddedSimulator = twitch.embedded && twitch.mockApiPort === undefined;
  const { port, host, shutdownTimeoutMs, production } = appConfig();
  // dist/src/main.js → web/dist, the dashboard's Vite build (npm run build makes both).
  const dashboard = { dir: join(__dirname, '..', '..', 'web', 'dist'), graphiql: !production };
  // The server answers and the database exists (created when the user may) before any module connects.
  await prepareDatabase(databaseConfig());
  const app = await NestFactory.create<HttpApplication>(
    AppModule.forRoot({ embeddedSimulator, migration: migrationConfig(), dashboard }),
    createHttpAdapter(),
    // Failures reach the catch below; requests that arrive once a stop has begun get a 503.
    { logger: redactingLogger, abortOnError: false, return503OnClosing: true },
  );
  stopOnSignals(app, shutdownTimeoutMs);
  try {
    await startListening(app, port, host);
  } catch (error) {
    // The job, the tracker and the simulator have started: stop them rather than run without a listener.
    await closeWithin(app, shutdownTimeoutMs);
    throw error;
  }
  const url = `http://localhost:${(app.getHttpServer().address() as { port: number }).port}`;
  logger.log(`Dashboard on ${url}/`);
  logger.log(
    `GraphQL API on ${url}/graphql` +
      (production ? '' : ' (GraphiQL in a browser)') +
      `, health on ${url}/health`,
  );
  logger.log(
    `Log in: open ${url}/ and press "Log in with Twitch"` +
      (embeddedSimulator ? ' (the simulator approves at once as simviewer)' : '') +
      `; for a token in the terminal: curl -sL -c /tmp/tmt.cookies -b /tmp/tmt.cookies ${url}/auth/twitch`,
  );
}

bootstrap().catch((error: unknown) => {
  const reason = `Start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  // A setting or the environment is named in one line; anything else is a fault, whose stack helps.
  const named = error instanceof ConfigValidationError || error instanceof StartupError;
  const logger = new Logger('Bootstrap');
  if (named || !(error instanceof Error)) logger.error(reason);
  else logger.error(reason, error.stack);
  // Timers and sockets opened before the failure would otherwise keep a process without a listener alive.
  process.exit(1);
});
