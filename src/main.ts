import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { RedactingLogger } from './common/redacting-logger';
import {
  appConfig,
  configNamespaces,
  configuredSecrets,
  loadEnvFile,
  migrationConfig,
  twitchConfig,
} from './config';
import { closeWithin, startListening, stopOnSignals } from './lifecycle/process-lifecycle';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  loadEnvFile();
  // Before any setting is validated: a failing start-up logs through the redaction too.
  const redactingLogger = new RedactingLogger(configuredSecrets());
  Logger.overrideLogger(redactingLogger);
  // Every setting is read once before anything starts, so a bad one stops start-up in one line.
  for (const readSettings of configNamespaces) readSettings();
  const twitch = twitchConfig();
  // A mock API port set by hand means a standalone simulator is already running.
  const embeddedSimulator = twitch.embedded && twitch.mockApiPort === undefined;
  const { port, host, shutdownTimeoutMs, production } = appConfig();
  // dist/src/main.js → web/dist, the dashboard's Vite build (npm run build makes both).
  const dashboard = { dir: join(__dirname, '..', '..', 'web', 'dist'), graphiql: !production };
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ embeddedSimulator, migration: migrationConfig(), dashboard }),
    // Failures reach the catch below; requests that arrive once a stop has begun get a 503.
    { logger: redactingLogger, abortOnError: false, return503OnClosing: true },
  );
  // GraphQL answers POSTs that no HTTP cache revalidates: hashing every body for an ETag is wasted work.
  app.set('etag', false);
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
  new Logger('Bootstrap').error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  // Timers and sockets opened before the failure would otherwise keep a process without a listener alive.
  process.exit(1);
});
