import { afterEach, describe, expect, it } from '@jest/globals';
import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { simulatorConfig, type TwitchConfig } from '../../src/config';
import { SimulatorModule } from '../../src/simulator/simulator.module';
import { ModeratorCredentials } from '../../src/twitch/moderator-credentials';

/** The embedded default: the tracker reads Get Chatters as the simulator's moderator unless told another. */
describe('Embedded simulator and the moderator credentials', () => {
  const savedEnv = { ...process.env };
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    process.env = { ...savedEnv };
  });

  async function credentialsWith(moderatorToken?: string): Promise<ModeratorCredentials> {
    process.env.SIMULATOR_CHANNELS = '50';
    const credentials = new ModeratorCredentials({ moderatorToken } as TwitchConfig);
    @Global()
    @Module({
      providers: [{ provide: ModeratorCredentials, useValue: credentials }],
      exports: [ModeratorCredentials],
    })
    class TwitchCredentialsModule {}
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [simulatorConfig] }),
        TwitchCredentialsModule,
        SimulatorModule.forRoot(),
      ],
    }).compile();
    return credentials;
  }

  it("lends simmod's grant when no moderator token is configured", async () => {
    const credentials = await credentialsWith();
    expect(credentials.grant?.origin).toBe('simmod (embedded simulator)');
    expect(credentials.usable).toBe(true);
  });

  it('keeps TWITCH_MODERATOR_TOKEN when one is configured', async () => {
    const credentials = await credentialsWith('configured-token');
    expect(credentials.grant).toEqual({ accessToken: 'configured-token', origin: 'TWITCH_MODERATOR_TOKEN' });
  });
});
