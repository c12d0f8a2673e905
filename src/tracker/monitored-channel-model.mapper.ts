import type { MonitoredChannelModel } from './models/monitored-channel.model';
import type { MonitoredChannelView } from './tracker.service';

export function toMonitoredChannelModel(state: MonitoredChannelView): MonitoredChannelModel {
  return {
    login: state.login,
    source: state.source,
    pinned: state.pinned,
    since: state.since,
    lastPolledAt: state.lastPolledAt,
    chatters: state.chatters,
    pollIntervalMs: state.pollIntervalMs,
    unwatchedReason: state.unwatchedReason,
    raidsFollowed: state.raidsFollowed,
    keptUntil: state.keptUntil,
  };
}
