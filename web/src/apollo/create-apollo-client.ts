import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import type { SessionStore } from '../auth/session';

/** graphql-ws closes with 4403 when the token is missing, invalid or has expired. */
const FORBIDDEN_CLOSE = 4403;

export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/**
 * One client for the page: queries over HTTP with the session's token, subscriptions over graphql-ws with
 * the token in the connection params (read anew on each reconnect, so a renewed login resumes them). An
 * UNAUTHENTICATED answer or a 4403 close ends the session, which sends the person to log in again.
 */
export function createApolloClient(sessions: SessionStore, location: Location): ApolloClient {
  const auth = new SetContextLink((prev) => {
    const token = sessions.token;
    return token ? { headers: { ...prev.headers, authorization: `Bearer ${token}` } } : {};
  });
  const expire = new ErrorLink(({ error }) => {
    if (
      CombinedGraphQLErrors.is(error) &&
      error.errors.some((graphqlError) => graphqlError.extensions?.code === 'UNAUTHENTICATED')
    )
      sessions.clear();
  });
  const ws = new GraphQLWsLink(
    createClient({
      url: graphqlWsUrl(location),
      lazy: true,
      connectionParams: () => ({ authorization: `Bearer ${sessions.token ?? ''}` }),
      shouldRetry: () => sessions.token !== undefined,
      retryAttempts: Infinity,
      on: {
        closed: (event) => {
          if ((event as CloseEvent).code === FORBIDDEN_CLOSE) sessions.clear();
        },
      },
    }),
  );
  const http = new HttpLink({ uri: '/graphql' });
  const transport = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    ws,
    http,
  );
  return new ApolloClient({
    link: ApolloLink.from([expire, auth, transport]),
    cache: new InMemoryCache({
      // Statistics are per snapshot, not entities of their own: keep each answer whole.
      typePolicies: { StreamStats: { keyFields: false }, Query: { fields: {} } },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
