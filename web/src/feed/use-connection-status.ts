import type { ApolloLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { useApolloClient } from '@apollo/client/react';
import type { Client } from 'graphql-ws';
import { useEffect, useState } from 'react';
import { type ConnectionStatus, nextStatus } from './connection-status';

/** The graphql-ws client inside the page's link chain (split and concat links keep their parts). */
function findWsClient(link: ApolloLink | undefined): Client | undefined {
  if (!link) return undefined;
  if (link instanceof GraphQLWsLink) return link.client;
  return findWsClient(link.left) ?? findWsClient(link.right);
}

/**
 * The state of the page's subscription socket as its graphql-ws client reports it. The client reconnects by
 * itself (with the session's current token); this only tells the person what is going on.
 */
export function useConnectionStatus(): ConnectionStatus {
  const client = useApolloClient();
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  useEffect(() => {
    const ws = findWsClient(client.link);
    if (!ws) return undefined;
    const stops = [
      ws.on('connecting', (isRetry) => setStatus((current) => nextStatus(current, 'connecting', isRetry))),
      ws.on('connected', () => setStatus((current) => nextStatus(current, 'connected'))),
      ws.on('message', () => setStatus((current) => nextStatus(current, 'message'))),
      ws.on('closed', () => setStatus((current) => nextStatus(current, 'closed'))),
    ];
    return () => stops.forEach((stop) => stop());
  }, [client]);
  return status;
}
