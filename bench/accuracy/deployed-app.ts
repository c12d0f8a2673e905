import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { Clock, type ManualClock } from '../../src/common/clock';
import { createHttpAdapter, type HttpApplication } from '../../src/common/http/http-adapter';
import { RedactingLogger } from '../../src/common/redacting-logger';
import { configuredSecrets, graphqlConfig } from '../../src/config';
import { MigrationEventsService } from '../../src/migration/migration-events.service';
import type { MigrationRecord } from '../../src/migration/migration-record';
import type { TwitchSimulator } from '../../src/simulator/simulator-server';

/** A migration as the app stored and published it, with the simulated time it was published at. */
export interface PublishedMigration {
  record: MigrationRecord;
  publishedAt: number;
}

/**
 * The migration events of the app, which also hand every published batch to `onPublish` (synchronously,
 * before the subscribers): what was stored, and when on the app's clock.
 */
class ObservedMigrationEvents extends MigrationEventsService {
  constructor(
    config: ConstructorParameters<typeof MigrationEventsService>[0],
    private readonly onPublish: (records: readonly MigrationRecord[]) => void,
  ) {
    super(config);
  }

  override publish(records: readonly MigrationRecord[]): void {
    this.onPublish(records);
    super.publish(records);
  }
}

/** The app's warnings by kind (see `kindOf`), with one example each; errors are printed too. */
export type WarningCounts = Map<string, { count: number; example: string }>;

/** Known warnings counted as one kind whatever channel or figure they name. */
const WARNING_KINDS: readonly [RegExp, string][] = [
  [/^Not a moderator of /, 'Not a moderator of <channel>: falling back to chat presence'],
  [
    /^Could not join the chat of .* within /,
    'Could not join the chat of <channel>: Twitch did not answer the EventSub subscriptions within 10 s',
  ],
  [/^Could not join the chat of /, 'Could not join the chat of <channel>: <error>'],
  [
    /^Waiting for \d+ ms because the rate limit was (reached|exceeded)/,
    'Waiting for <ms> because the rate limit was reached (@twurple)',
  ],
  [/^Twitch refused to join the chat of /, 'Twitch refused to join the chat of <channel>'],
];

function kindOf(message: string): string {
  for (const [pattern, kind] of WARNING_KINDS) if (pattern.test(message)) return kind;
  return message.replace(/\d+/g, 'N').slice(0, 160);
}

/** Counts warnings instead of printing them (a run over 1,000 channels warns once for each refused one). */
class CountingLogger extends RedactingLogger {
  readonly warnings: WarningCounts = new Map();

  override warn(message: unknown, ...rest: unknown[]): void {
    const text = String(message);
    const kind = kindOf(text);
    const seen = this.warnings.get(kind);
    if (seen) seen.count++;
    else this.warnings.set(kind, { count: 1, example: text });
    if (process.env.EVAL_VERBOSE) super.warn(message, ...rest);
  }
}

export interface DeployedApp {
  app: HttpApplication;
  /** Every migration the app stored, in the order it published them. */
  published: PublishedMigration[];
  warnings: WarningCounts;
  close(): Promise<void>;
}

/**
 * The real application (AppModule, the tracker with its real @twurple adapters, SQLite in memory) on the
 * simulator's manual clock, configured by `env` as a deployment is by its environment. Its HTTP server is
 * not opened: the caller reaches the services in process. Nothing runs on its own: the clock never fires
 * the tracker's timer (the caller calls `TrackerService.tick()`), and the environment is restored on close.
 */
export async function startDeployedApp(
  simulator: TwitchSimulator,
  env: Record<string, string>,
): Promise<DeployedApp> {
  const clock = simulator.clock as ManualClock;
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: 'sqlite::memory:',
    STREAMS_REFRESH_ON_START: 'false',
    // The caller takes the snapshots; the cron runs on the wall clock, which has nothing to do with the run.
    STREAMS_REFRESH_CRON: '0 0 1 1 *',
    JWT_SECRET: 'accuracy-evaluation-jwt-secret-of-this-run-only',
    TWURPLE_MOCK_API_PORT: String(simulator.port),
    ...env,
  });
  const published: PublishedMigration[] = [];
  const logger = new CountingLogger(configuredSecrets(), { logLevels: ['error', 'warn'] });
  let app: HttpApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ embeddedSimulator: false })],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .overrideProvider(MigrationEventsService)
      .useFactory({
        inject: [graphqlConfig.KEY],
        factory: (config: ConstructorParameters<typeof MigrationEventsService>[0]) =>
          new ObservedMigrationEvents(config, (records) => {
            const at = clock.now();
            for (const record of records) published.push({ record, publishedAt: at });
          }),
      })
      .compile();
    app = moduleRef.createNestApplication<HttpApplication>(createHttpAdapter(), {
      logger,
    });
    await app.init();
  } catch (error) {
    await app?.close();
    process.env = saved;
    throw error;
  }
  const started = app;
  return {
    app: started,
    published,
    warnings: logger.warnings,
    async close() {
      try {
        await started.close();
      } catch (error) {
        new Logger('DeployedApp').warn(`The app did not close cleanly: ${(error as Error).message}`);
      } finally {
        process.env = saved;
      }
    },
  };
}
