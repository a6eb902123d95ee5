import { type ReactNode, useEffect, useState } from 'react';
import logo from '../assets/plugboard.svg';
import { Link, useRouter } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Button } from './Button.tsx';

const NAV = [
  { to: '/settings', label: 'Settings' },
  { to: '/api-clients', label: 'API clients' },
  { to: '/connectors', label: 'Connectors' },
  { to: '/templates', label: 'Templates' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/accounts', label: 'Accounts' },
] as const;

/** The frame of every signed-in page: a skip link, the navigation (a menu on small screens), the page. */
export function Layout({ children }: { readonly children: ReactNode }) {
  const { location } = useRouter();
  const { state, signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the menu whenever the page changes.
  useEffect(() => setMenuOpen(false), [location.path]);
  const username = state.status === 'signed-in' ? state.username : '';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/settings" className="brand">
          <img src={logo} alt="" width="28" height="28" />
          <span>Plugboard</span>
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
      </header>
      <nav id="main-nav" className={`sidebar${menuOpen ? ' sidebar-open' : ''}`} aria-label="Main">
        <ul>
          {NAV.map((item) => {
            const current = location.path === item.to || location.path.startsWith(`${item.to}/`);
            return (
              <li key={item.to}>
                <Link
                  to={item.to}
                  className="nav-link"
                  aria-current={current ? 'page' : undefined}
                  onClick={() => setMenuOpen(false)}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="who">
          <p>
            Signed in as <strong>{username}</strong>
          </p>
          <Button
            busy={signingOut}
            busyLabel="Signing out…"
            onClick={async () => {
              setSigningOut(true);
              try {
                await signOut();
              } finally {
                setSigningOut(false);
              }
            }}
          >
            Sign out
          </Button>
        </div>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
