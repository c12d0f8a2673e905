import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { ManualClock } from '../../src/common/clock';
import { TwitchSimulator } from '../../src/simulator/simulator-server';
import type { SimulatorOptions } from '../../src/simulator/simulator-server';

export interface AppHarness {
  app: INestApplication;
  simulator: TwitchSimulator;
  clock: ManualClock;
  url: string;
  close(): Promise<void>;
}

/**
 * The real application module over real HTTP, pointed at a simulator of the test's own (manual clock),
 * exactly as `TWURPLE_MOCK_API_PORT` points a deployed service at a standalone simulator.
 */
export async function startApp(
  env: Record<string, string> = {},
  simulatorOptions: Partial<SimulatorOptions> = {},
): Promise<AppHarness> {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
  const simulator = new TwitchSimulator({ seed: 7, clock, ...simulatorOptions });
  const port = await simulator.listen();
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: 'sqlite::memory:',
    STREAMS_REFRESH_ON_START: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    TWURPLE_MOCK_API_PORT: String(port),
    ...env,
  });
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ embeddedSimulator: false })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    return {
      app,
      simulator,
      clock,
      url: `http://127.0.0.1:${address.port}`,
      async close() {
        await app.close();
        await simulator.close();
        process.env = saved;
      },
    };
  } catch (error) {
    await simulator.close();
    process.env = saved;
    throw error;
  }
}

/** POSTs a GraphQL operation and returns the parsed body. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}
