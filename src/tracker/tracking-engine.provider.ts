import type { FactoryProvider } from '@nestjs/common';
import { type TrackerConfig, trackerConfig } from '../config';
import { TrackingEngine } from './tracking-engine';

/** The engine the tracker's settings describe, tracking changes for the checkpoints. */
export function trackingEngineFor(config: TrackerConfig): TrackingEngine {
  return new TrackingEngine({
    windowMs: config.windowMs,
    pairing: config.pairing,
    leaveConfirmations: config.leaveConfirmations,
    activityTtlMs: config.activityTtlMs,
    botChannels: config.botChannels,
    pollIntervalMs: config.pollIntervalMs,
    checkpoints: true,
  });
}

/** One engine the tracker's parts share: polls and chat events go in, the writer takes out what is final. */
export const trackingEngineProvider: FactoryProvider<TrackingEngine> = {
  provide: TrackingEngine,
  inject: [trackerConfig.KEY],
  useFactory: trackingEngineFor,
};
