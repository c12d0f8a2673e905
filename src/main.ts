import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { RedactingLogger } from './common/redacting-logger';
import { appConfig, configuredSecrets, loadEnvFile, migrationConfig, twitchConfig } from './config';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  loadEnvFile();
  // Before any setting is validated: a failing start-up logs through the redaction too.
  const redactingLogger = new RedactingLogger(configuredSecrets());
  Logger.overrideLogger(redactingLogger);
  const twitch = twitchConfig();
  // A mock API port set by hand means a standalone simulator is already running.
  const embeddedSimulator = twitch.embedded && twitch.mockApiPort === undefined;
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ embeddedSimulator, migration: migrationConfig() }),
    { logger: redactingLogger },
  );
  // GraphQL answers POSTs that no HTTP cache revalidates: hashing every body for an ETag is wasted work.
  app.set('etag', false);
  app.enableShutdownHooks();
  const { port, host } = appConfig();
  await app.listen(port, host);
  const url = `http://localhost:${(app.getHttpServer().address() as { port: number }).port}`;
  logger.log(`GraphQL API on ${url}/graphql (GraphiQL in a browser), health on ${url}/health`);
  logger.log(
    `Log in: open ${url}/auth/twitch in a browser, or run: curl -sL -c /tmp/tmt.cookies -b /tmp/tmt.cookies ${url}/auth/twitch` +
      (embeddedSimulator ? ' (the simulator approves at once as simviewer)' : ''),
  );
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
