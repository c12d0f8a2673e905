export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

export const STATUS_LABELS: Readonly<Record<ConnectionStatus, string>> = {
  connecting: 'connecting…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
};

/** The status after a graphql-ws event: any message from the service means the socket is up. */
export function nextStatus(
  current: ConnectionStatus,
  event: 'connecting' | 'connected' | 'message' | 'closed',
  isRetry = false,
): ConnectionStatus {
  switch (event) {
    case 'connecting':
      return isRetry || current !== 'connecting' ? 'reconnecting' : 'connecting';
    case 'connected':
    case 'message':
      return 'connected';
    case 'closed':
      return 'reconnecting';
  }
}
