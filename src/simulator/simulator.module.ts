import { DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { SystemClock } from '../common/clock';
import { pointTwurpleAtMockApi, SimulatorConfig, simulatorConfig, TwitchConfig } from '../config';
import { ModeratorCredentials } from '../twitch/moderator-credentials';
import { TwitchSimulator } from './simulator-server';

/** The running embedded simulator; inject it to read the port (tests) or reach the world. */
export class EmbeddedSimulator implements OnApplicationShutdown {
  constructor(
    readonly simulator: TwitchSimulator,
    readonly port: number,
  ) {}

  /**
   * Listens while Nest resolves providers, before any module's init hook: whatever calls Twitch at
   * start-up already finds @twurple pointed at the simulator. The app's Twitch clients (when there are
   * any) read Get Chatters as the simulator's moderator unless TWITCH_MODERATOR_TOKEN names another, so
   * that `npm start` records migrations with the best source.
   */
  static async start(config: ConfigService, credentials?: ModeratorCredentials): Promise<EmbeddedSimulator> {
    const { seed, channels } = config.getOrThrow<SimulatorConfig>('simulator');
    const twitch = config.get<TwitchConfig>('twitch');
    const simulator = new TwitchSimulator({
      seed,
      channels,
      clock: new SystemClock(),
      clients: twitch ? { [twitch.clientId]: twitch.clientSecret } : undefined,
    });
    const port = await simulator.listen(0);
    pointTwurpleAtMockApi(port);
    new Logger(SimulatorModule.name).log(
      `Embedded Twitch simulator on ${simulator.url} (seed ${seed}, ${channels} channels): ` +
        'no TWITCH_CLIENT_ID set, all Twitch calls go to it',
    );
    const embedded = new EmbeddedSimulator(simulator, port);
    if (credentials && !credentials.grant) {
      credentials.use({ ...embedded.moderatorGrant(), origin: 'simmod (embedded simulator)' });
    }
    return embedded;
  }

  /** Tokens of `simmod`, who moderates every simulated channel: Get Chatters works everywhere, chat (IRC or EventSub) too. */
  moderatorGrant(): { accessToken: string; refreshToken: string } {
    return this.simulator.issueUserGrant('simmod', [
      'moderator:read:chatters',
      'chat:read',
      'user:read:chat',
    ]);
  }

  /** After every module's destroy hooks, so that nothing still talking to Twitch loses its server. */
  async onApplicationShutdown(): Promise<void> {
    await this.simulator.close();
  }
}

/** The in-process fake Twitch of the embedded default (no Twitch credentials). */
@Module({})
export class SimulatorModule {
  static forRoot(): DynamicModule {
    return {
      module: SimulatorModule,
      imports: [ConfigModule.forFeature(simulatorConfig)],
      providers: [
        {
          provide: EmbeddedSimulator,
          inject: [ConfigService, { token: ModeratorCredentials, optional: true }],
          useFactory: EmbeddedSimulator.start,
        },
        {
          provide: TwitchSimulator,
          inject: [EmbeddedSimulator],
          useFactory: (embedded: EmbeddedSimulator) => embedded.simulator,
        },
      ],
      exports: [EmbeddedSimulator, TwitchSimulator],
    };
  }
}
