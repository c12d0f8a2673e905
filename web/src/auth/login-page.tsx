import { useLocation } from 'react-router-dom';
import { loginUrl } from './session';

/** Shown instead of any view while nobody is logged in; the view's URL is where the login comes back to. */
export function LoginPage({ error }: { error?: string }) {
  const location = useLocation();
  const returnTo = `${location.pathname}${location.search}`;
  return (
    <main className="login">
      <h1>Twitch Migration Tracker</h1>
      <p>
        Where Twitch viewers go when they leave a channel, the top 1000 live streams and their statistics.
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <a className="button primary" href={loginUrl(returnTo)}>
        Log in with Twitch
      </a>
    </main>
  );
}
