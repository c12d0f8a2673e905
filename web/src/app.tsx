import { lazy, Suspense } from 'react';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { LoginPage } from './auth/login-page';
import { MeBadge } from './auth/me-badge';
import { useSession } from './auth/session-context';
import { Loading } from './common/query-state';
import { FeedView } from './feed/feed-view';
import { MapView } from './map/map-view';
import { StatsView } from './stats/stats-view';
import { StreamsView } from './stats/streams-view';
import { TrackerView } from './tracker/tracker-view';

// The map view is in the main bundle so that its query leaves at once; it loads its WebGL and layout
// chunk itself (map-body), in parallel with the query. The channel panel is loaded when first opened.
const ChannelView = lazy(() =>
  import('./channel/channel-view').then((module) => ({ default: module.ChannelView })),
);

const VIEWS = [
  { path: '/map', label: 'Migration map' },
  { path: '/feed', label: 'Live feed' },
  { path: '/stats', label: 'Stream statistics' },
  { path: '/streams', label: 'Streams' },
  { path: '/tracker', label: 'Tracker' },
] as const;

export function App({ loginError }: { loginError?: string }) {
  const session = useSession();
  if (!session) return <LoginPage error={loginError} />;
  return (
    <div className="app">
      <header className="top">
        <span className="brand">Twitch Migration Tracker</span>
        <nav aria-label="Views">
          {VIEWS.map((view) => (
            <NavLink key={view.path} to={view.path}>
              {view.label}
            </NavLink>
          ))}
          <a href="/graphql">GraphiQL</a>
        </nav>
        <MeBadge />
      </header>
      <main className="view">
        <Suspense fallback={<Loading what="the view" />}>
          <Routes>
            <Route path="/" element={<Navigate to="/map" replace />} />
            <Route path="/map" element={<MapView />} />
            <Route path="/channels/:login" element={<ChannelView />} />
            <Route path="/feed" element={<FeedView />} />
            <Route path="/stats" element={<StatsView />} />
            <Route path="/streams" element={<StreamsView />} />
            <Route path="/tracker" element={<TrackerView />} />
            <Route path="*" element={<p className="state empty">No such page. Pick a view above.</p>} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}
