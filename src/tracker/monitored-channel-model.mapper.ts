import type { MonitoredChannelModel } from './models/monitored-channel.model';
import type { MonitoredChannelState } from './monitored-channels';

export function toMonitoredChannelModel(state: MonitoredChannelState): MonitoredChannelModel {
  return {
    login: state.login,
    source: state.source,
    pinned: state.pinned,
    since: state.since,
    lastPolledAt: state.lastPolledAt,
    chatters: state.chatters,
    pollIntervalMs: state.pollIntervalMs,
    unwatchedReason: state.unwatchedReason,
    keptUntil: state.keptUntil,
  };
}
