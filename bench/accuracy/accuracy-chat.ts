import type { PresenceSource } from '../../src/migration/presence-source';
import type { TrackingEngine } from '../../src/tracker/tracking-engine';
import type { ChatPresenceEvent } from '../../src/twitch/twitch-chat.port';

/** Sends a chat event to the engines of the sources that use it; raids go to every engine. */
export function routeChatEvent(engines: Map<PresenceSource, TrackingEngine>, event: ChatPresenceEvent): void {
  if (event.kind === 'raid') {
    for (const engine of engines.values()) engine.applyRaid(event.fromLogin, event.channel, event.at);
    return;
  }
  const membership = engines.get('MEMBERSHIP');
  const activity = engines.get('ACTIVITY');
  if (event.kind === 'names') membership?.applyNames(event.channel, event.logins, event.at);
  else if (event.kind === 'message') activity?.applyMessage(event.channel, event.login, event.at);
  else membership?.applyMembership(event.channel, event.kind, event.login, event.at);
}

/**
 * Waits until the chat client has handled every presence line the simulator sent (the simulator writes
 * a step's lines while the clock advances; they reach the client a few event-loop turns later), so
 * each is stamped at the simulated time it was sent and the run does not depend on machine load.
 */
export async function settleChat(
  handled: () => number,
  sent: () => number,
  timeoutMs = 30_000,
): Promise<void> {
  const startedAt = performance.now();
  while (handled() < sent()) {
    if (performance.now() - startedAt > timeoutMs) {
      throw new Error(`Chat delivered ${handled()} of ${sent()} presence lines in ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
