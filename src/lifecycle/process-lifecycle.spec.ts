import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  type BeforeApplicationShutdown,
  Controller,
  Get,
  Injectable,
  type LoggerService,
} from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { CronJob } from 'cron';
import { createHttpAdapter, type HttpApplication } from '../common/http/http-adapter';
import { GracefulShutdown } from './graceful-shutdown.service';
import { LifecycleModule } from './lifecycle.module';
import { closeWithin, StartupError, startListening } from './process-lifecycle';
import { waitFor } from '../../test/support/wait-for';

@Injectable()
class NeverStops implements BeforeApplicationShutdown {
  beforeApplicationShutdown(): Promise<void> {
    return new Promise(() => undefined);
  }
}

let release: () => void = () => undefined;

@Controller('slow')
class SlowController {
  @Get()
  async answer(): Promise<string> {
    await new Promise<void>((resolve) => (release = resolve));
    return 'done';
  }
}

class CapturedLogger implements LoggerService {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: unknown): void {
    this.errors.push(String(message));
  }
}

describe('process lifecycle', () => {
  let app: HttpApplication | undefined;

  async function createApp(options: { providers?: (typeof NeverStops)[]; logger?: LoggerService } = {}) {
    const moduleRef = await Test.createTestingModule({
      imports: [ScheduleModule.forRoot(), LifecycleModule],
      providers: options.providers ?? [],
      controllers: [SlowController],
    }).compile();
    app = moduleRef.createNestApplication<HttpApplication>(createHttpAdapter(), {
      logger: options.logger ?? false,
    });
    return app;
  }

  afterEach(async () => {
    release();
    await app?.close();
    app = undefined;
  });

  it('gives up a stop after the time allowed, naming the hook that had not returned', async () => {
    const logger = new CapturedLogger();
    const stuck = await createApp({ providers: [NeverStops], logger });
    await stuck.init();
    expect(await closeWithin(stuck, 300)).toBe(false);
    expect(stuck.get(GracefulShutdown).stillRunning()).toEqual(['NeverStops.beforeApplicationShutdown']);
    expect(logger.errors).toEqual([
      'Not stopped within SHUTDOWN_TIMEOUT (0.3 s); exiting anyway, still running: NeverStops.beforeApplicationShutdown',
    ]);
    // Its close never ends; the next test starts a new app.
    app = undefined;
  });

  it('reports a clean stop', async () => {
    const clean = await createApp();
    await clean.init();
    expect(await closeWithin(clean, 5_000)).toBe(true);
    app = undefined;
  });

  it('begins a stop by halting the schedulers and closing connections after their answer', async () => {
    const web = await createApp();
    await startListening(web, 0, '127.0.0.1');
    const job = CronJob.from({ cronTime: '* * * * * *', onTick: () => undefined, start: true });
    web.get(SchedulerRegistry).addCronJob('every-second', job);
    const { port } = web.getHttpServer().address() as { port: number };
    const answer = fetch(`http://127.0.0.1:${port}/slow`);
    const shutdown = web.get(GracefulShutdown);
    await waitFor(() => shutdown.stillRunning().length > 0, 'the request to reach the server');
    expect(shutdown.stillRunning()).toEqual(['1 HTTP request not yet answered']);

    shutdown.begin();
    expect(shutdown.stopping.aborted).toBe(true);
    expect(job.isActive).toBe(false);
    release();
    const response = await answer;
    expect(await response.text()).toBe('done');
    // Keep-alive would hold the HTTP server's close open for seconds after the last answer.
    expect(response.headers.get('connection')).toBe('close');
  });

  describe('startListening', () => {
    let holder: Server | undefined;

    afterEach(async () => {
      await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
      holder = undefined;
    });

    it('names PORT when the port is taken', async () => {
      holder = createServer();
      await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
      const { port } = holder.address() as { port: number };
      const web = await createApp();
      const failure = startListening(web, port, '127.0.0.1');
      await expect(failure).rejects.toBeInstanceOf(StartupError);
      await expect(failure).rejects.toThrow(
        `cannot listen on 127.0.0.1:${port}: the port is in use (PORT=${port})`,
      );
    });

    it('names HOST when the host does not resolve', async () => {
      const web = await createApp();
      await expect(startListening(web, 0, 'not.a.host')).rejects.toThrow(
        'cannot listen on not.a.host:0: no such host name (HOST=not.a.host)',
      );
    });
  });
});
