import { useSyncExternalStore, type ReactNode } from 'react';
import { session } from './api';
import { Link, match, navigate, useLocation } from './router';
import { ErrorBoundary, NoticeProvider } from './ui';
import { Audit, AuditDetail } from './views/Audit';
import { Attributes } from './views/Attributes';
import { Businesses } from './views/Businesses';
import { CloudAreas } from './views/CloudAreas';
import { Hosts } from './views/Hosts';
import { Regions } from './views/Regions';
import { SignIn } from './views/SignIn';
import { Topology, TopologyPicker } from './views/Topology';

const NAV = [
  { to: '/businesses', label: 'Businesses' },
  { to: '/topology', label: 'Topology' },
  { to: '/hosts', label: 'Hosts' },
  { to: '/cloud-areas', label: 'Cloud areas' },
  { to: '/regions', label: 'Data centers' },
  { to: '/model', label: 'Model' },
  { to: '/audit', label: 'Audit' },
];

function route(path: string): ReactNode {
  let m: Record<string, string> | null;
  if (path === '/' || path === '') {
    queueMicrotask(() => navigate('/businesses', { replace: true }));
    return null;
  }
  if (match('/businesses', path)) return <Businesses />;
  if ((m = match('/businesses/:id/topology', path))) return <Topology bizId={Number(m.id)} key={m.id} />;
  if (match('/topology', path)) return <TopologyPicker />;
  if (match('/hosts', path)) return <Hosts />;
  if (match('/cloud-areas', path)) return <CloudAreas />;
  if (match('/regions', path)) return <Regions />;
  if (match('/model', path)) return <Attributes objId="biz" />;
  if ((m = match('/model/:obj', path))) return <Attributes objId={m.obj!} key={m.obj} />;
  if (match('/audit', path)) return <Audit />;
  if ((m = match('/audit/:id', path))) return <AuditDetail id={Number(m.id)} key={m.id} />;
  return (
    <div className="state empty">
      <strong>No such page</strong>
      <p>
        <Link to="/businesses">Go to the businesses</Link>
      </p>
    </div>
  );
}

export function App() {
  const token = useSyncExternalStore(session.subscribe, session.token);
  const { path } = useLocation();
  if (!token) return <SignIn reason={session.reason()} />;
  const section = '/' + (path.split('/')[1] ?? '');
  const current = section === '/businesses' && path.endsWith('/topology') ? '/topology' : section;
  return (
    <NoticeProvider>
      <div className="shell">
        <header className="topbar">
          <Link to="/businesses" className="brand">
            Topograph
          </Link>
          <nav aria-label="Sections">
            {NAV.map((n) => (
              <Link key={n.to} to={n.to} aria-current={current === n.to ? 'page' : undefined}>
                {n.label}
              </Link>
            ))}
          </nav>
          <span className="spacer" />
          <a href="/docs" target="_blank" rel="noreferrer" className="muted">
            API docs
          </a>
          <button type="button" onClick={() => session.signOut()}>
            Sign out
          </button>
        </header>
        <main>
          <ErrorBoundary key={path}>{route(path)}</ErrorBoundary>
        </main>
      </div>
    </NoticeProvider>
  );
}
