import { useEffect } from 'react';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/Notice.tsx';
import { Page } from './components/Page.tsx';
import { Link, matchPath, useRouter } from './lib/router.tsx';
import { useSession } from './lib/session.tsx';
import { AccountConnectorPage } from './pages/AccountConnectorPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AccountsPage } from './pages/AccountsPage.tsx';
import { ApiClientsPage } from './pages/ApiClientsPage.tsx';
import { ConnectorLibraryPage } from './pages/ConnectorLibraryPage.tsx';
import { ConnectorPage } from './pages/ConnectorPage.tsx';
import { CyclePage } from './pages/CyclePage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { SetupPage, SignInPage, UnavailablePage } from './pages/SignInPage.tsx';
import { TemplatePage } from './pages/TemplatePage.tsx';
import { TemplatesPage } from './pages/TemplatesPage.tsx';
import { TransactionPage } from './pages/TransactionPage.tsx';
import { WebhooksPage } from './pages/WebhooksPage.tsx';

function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>
        There is no such page in the console. Go to <Link to="/settings">Settings</Link> or{' '}
        <Link to="/accounts">Accounts</Link>.
      </p>
    </Page>
  );
}

function Redirect({ to }: { readonly to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}

/** The page for a path inside the console. */
function route(path: string) {
  if (path === '/' || path === '/login' || path === '/setup') return <Redirect to="/settings" />;
  if (path === '/settings') return <SettingsPage />;
  if (path === '/api-clients') return <ApiClientsPage />;
  if (path === '/connectors') return <ConnectorLibraryPage />;
  let params = matchPath('/connectors/:id', path);
  if (params) return <ConnectorPage key={params.id} connectorId={params.id as string} tab="setup" />;
  params = matchPath('/connectors/:id/:tab', path);
  if (params && (params.tab === 'setup' || params.tab === 'methods'))
    return <ConnectorPage key={params.id} connectorId={params.id as string} tab={params.tab} />;
  if (path === '/templates') return <TemplatesPage />;
  if (path === '/webhooks') return <WebhooksPage />;
  params = matchPath('/templates/:id', path);
  if (params) return <TemplatePage key={params.id} templateId={params.id as string} />;
  if (path === '/accounts') return <AccountsPage />;
  params = matchPath('/accounts/:id/transactions/:transactionId', path);
  if (params)
    return (
      <TransactionPage
        key={`${params.id}/${params.transactionId}`}
        accountId={params.id as string}
        transactionId={params.transactionId as string}
      />
    );
  params = matchPath('/accounts/:id/cycles/:cycleId', path);
  if (params)
    return (
      <CyclePage
        key={`${params.id}/${params.cycleId}`}
        accountId={params.id as string}
        cycleId={params.cycleId as string}
      />
    );
  params = matchPath('/accounts/:id', path);
  if (params) return <AccountPage key={params.id} accountId={params.id as string} />;
  params = matchPath('/accounts/:id/connectors/:acId', path);
  if (params)
    return (
      <AccountConnectorPage
        key={`${params.id}/${params.acId}`}
        accountId={params.id as string}
        accountConnectorId={params.acId as string}
      />
    );
  return <NotFoundPage />;
}

/** The console: the session decides between setup, sign-in and the signed-in pages. */
export function App() {
  const { state, reload } = useSession();
  const { location } = useRouter();
  if (state.status === 'loading') {
    return (
      <main className="auth" id="main">
        <Loading what="the console" />
      </main>
    );
  }
  if (state.status === 'unavailable')
    return <UnavailablePage message={state.message} onRetry={() => void reload()} />;
  if (state.status === 'signed-out')
    return state.setupRequired ? <SetupPage /> : <SignInPage notice={state.notice} />;
  return <Layout>{route(location.path)}</Layout>;
}
