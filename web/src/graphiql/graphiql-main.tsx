import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './graphiql-page.css';
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { graphqlWsUrl } from '../apollo/create-apollo-client';
import { SessionStore } from '../auth/session';

/**
 * The GraphQL IDE served at GET /graphql, bundled with the dashboard so it needs no CDN. A login made on
 * the dashboard in this tab fills the Authorization header; the headers are not persisted in storage.
 */
const sessions = new SessionStore(window.sessionStorage);
const token = sessions.token;

const fetcher = createGraphiQLFetcher({
  url: `${window.location.origin}/graphql`,
  wsClient: createClient({
    url: graphqlWsUrl(window.location),
    lazy: true,
    connectionParams: () => ({ authorization: `Bearer ${sessions.token ?? ''}` }),
  }),
});

const headers = JSON.stringify(
  {
    Authorization: token
      ? `Bearer ${token}`
      : 'Bearer <log in on the dashboard at /, or a token from /auth/twitch>',
  },
  null,
  2,
);

const defaultQuery = `# Logged in ${token ? 'from the dashboard' : 'nowhere yet: open / and log in with Twitch, then come back'}.
# Ctrl+Enter runs the query.
{
  me {
    login
    isAdmin
  }
  streamStats {
    totalStreams
    medianViewers
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} headers={headers} defaultQuery={defaultQuery} shouldPersistHeaders={false} />
  </StrictMode>,
);
