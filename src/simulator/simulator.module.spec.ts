import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test, TestingModule } from '@nestjs/testing';
import { simulatorConfig } from '../config';
import { SimulatorState } from './simulator-options';
import { TwitchSimulator } from './simulator-server';
import { EmbeddedSimulator, SimulatorModule } from './simulator.module';

describe('SimulatorModule', () => {
  const savedEnv = { ...process.env };
  const logs: string[] = [];
  let moduleRef: TestingModule;

  beforeAll(async () => {
    process.env.SIMULATOR_SEED = '7';
    process.env.SIMULATOR_CHANNELS = '500';
    delete process.env.TWURPLE_MOCK_API_PORT;
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
      logs.push(String(message));
    });
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [simulatorConfig] }),
        SimulatorModule.forRoot(),
      ],
    }).compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    await moduleRef?.close();
    process.env = savedEnv;
    jest.restoreAllMocks();
  });

  it('starts the simulator from the simulator settings, points @twurple at it and says so', async () => {
    const embedded = moduleRef.get(EmbeddedSimulator);
    expect(embedded.port).toBeGreaterThan(0);
    expect(process.env.TWURPLE_MOCK_API_PORT).toBe(String(embedded.port));
    expect(moduleRef.get(TwitchSimulator)).toBe(embedded.simulator);

    const state = (await (
      await fetch(`http://localhost:${embedded.port}/sim/state`)
    ).json()) as SimulatorState;
    expect(state.seed).toBe(7);
    expect(state.world.channels).toBe(500);
    expect(state.clock.manual).toBe(false);
    expect(logs.filter((line) => line.startsWith('Embedded Twitch simulator on'))).toEqual([
      `Embedded Twitch simulator on http://localhost:${embedded.port} (seed 7, 500 channels): no TWITCH_CLIENT_ID set, all Twitch calls go to it`,
    ]);
  });

  it('stops listening when the application shuts down', async () => {
    const { port } = moduleRef.get(EmbeddedSimulator);
    await moduleRef.close();
    await expect(fetch(`http://127.0.0.1:${port}/sim/state`)).rejects.toThrow();
  });
});
