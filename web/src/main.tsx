import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { createApolloClient } from './apollo/create-apollo-client';
import { App } from './app';
import { parseLoginFragment, SessionStore } from './auth/session';
import { SessionProvider } from './auth/session-context';
import './styles.css';

const sessions = new SessionStore(window.sessionStorage);
// The login comes back as #access_token=… (or #error=…): take it, then drop it from the address bar and history.
const fragment = parseLoginFragment(window.location.hash, Date.now());
if (fragment.kind !== 'none')
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
if (fragment.kind === 'session') sessions.set(fragment.session);
const loginError = fragment.kind === 'error' ? `Login failed: ${fragment.description}` : undefined;

const client = createApolloClient(sessions, window.location);
// A new login must not see the previous user's answers.
sessions.subscribe((session) => {
  if (!session) void client.clearStore();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider store={sessions}>
      <ApolloProvider client={client}>
        <BrowserRouter>
          <App loginError={loginError} />
        </BrowserRouter>
      </ApolloProvider>
    </SessionProvider>
  </StrictMode>,
);
