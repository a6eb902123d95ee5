import { useCallback, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { useLoad } from '../lib/use-load.ts';
import {
  type AccountConnector,
  type AccountSession,
  accountApi,
  type Completion,
  type Integration,
  loadSession,
} from './account-api.ts';
import { brandStyle } from './branding.ts';
import { ConnectorsSection } from './ConnectorsSection.tsx';
import { IntegrationsSection } from './IntegrationsSection.tsx';

/** Hands the LAUNCH result to the partner: to the window that opened this one, or by redirect. */
function report(completion: Completion): 'posted' | 'redirected' {
  const target = window.opener ?? (window.parent !== window ? window.parent : null);
  if (target) {
    target.postMessage(completion.Result, completion.TargetOrigin);
    window.close();
    return 'posted';
  }
  window.location.assign(completion.RedirectUrl);
  return 'redirected';
}

function Header({ session }: { readonly session: AccountSession | null }) {
  const name = session?.Partner.Name ?? null;
  return (
    <header className="header">
      {session?.Partner.Logo && <img className="logo" src={session.Partner.Logo} alt="" height={32} />}
      <p className="brand-name">{name ?? 'Integrations'}</p>
    </header>
  );
}

/**
 * The end user's own page, on the service domain: the LAUNCH page (opened by a LAUNCH link) or the
 * account page (opened by Cyclr's embedded sign-in link). Both show the account's apps and connect
 * them; the LAUNCH page also reports the result to the partner when the user is done.
 */
export function AccountApp() {
  const session = useLoad<AccountSession>('session', loadSession);
  const connectors = useLoad<AccountConnector[]>(
    session.status === 'ready' ? 'connectors' : 'waiting',
    async (signal) =>
      session.status === 'ready'
        ? accountApi.get<AccountConnector[]>('/account-api/connectors', { signal })
        : [],
  );
  const integrations = useLoad<Integration[]>(
    session.status === 'ready' ? 'integrations' : 'waiting',
    async (signal) =>
      session.status === 'ready'
        ? accountApi.get<Integration[]>('/account-api/integrations', { signal })
        : [],
  );
  // A switch may install the apps an integration needs: refresh both lists after one.
  const integrationChanged = useCallback(async () => {
    await Promise.all([integrations.reload(), connectors.reload()]);
  }, [integrations.reload, connectors.reload]);
  const [announcement, setAnnouncement] = useState('');
  const [finished, setFinished] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const announce = useCallback((text: string) => setAnnouncement(text), []);
  const data = session.data;
  const title = data?.Mode === 'launch' ? 'Set up your integrations' : 'Your integrations';
  if (typeof document !== 'undefined')
    document.title = data?.Partner.Name ? `${title} – ${data.Partner.Name}` : title;

  async function complete(status: 'Completed' | 'Cancelled') {
    setError(null);
    try {
      const completion = await accountApi.send<Completion>('POST', '/account-api/complete', {
        body: { Status: status },
      });
      const how = report(completion);
      setFinished(how === 'posted' ? 'All done. You can close this window.' : 'All done. Taking you back…');
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <div className="page" style={brandStyle(data?.Partner.Colour ?? null)}>
      <Header session={data} />
      <main id="main" className="main">
        <h1>{title}</h1>
        {session.status === 'loading' && <p role="status">Loading…</p>}
        {session.status === 'error' && (
          <p className="message message-error" role="alert">
            {session.message}
          </p>
        )}
        {finished && (
          <p className="message message-good" role="status">
            {finished}
          </p>
        )}
        {data && !finished && (
          <>
            <p className="muted">
              {data.Mode === 'launch'
                ? `Connect your apps to ${data.Partner.Name ?? 'this app'} and switch on the integrations you want.`
                : `The apps and integrations of ${data.AccountName}.`}
            </p>
            {connectors.status === 'error' && (
              <p className="message message-error" role="alert">
                {connectors.message}
              </p>
            )}
            <ConnectorsSection
              connectors={connectors.data ?? []}
              onChanged={integrationChanged}
              announce={announce}
            />
            {integrations.status === 'error' && (
              <p className="message message-error" role="alert">
                {integrations.message}
              </p>
            )}
            <IntegrationsSection
              integrations={integrations.data ?? []}
              onChanged={integrationChanged}
              announce={announce}
            />
            {error && (
              <p className="message message-error" role="alert">
                {error}
              </p>
            )}
            {data.Mode === 'launch' && (
              <div className="actions">
                <button type="button" className="button" onClick={() => void complete('Completed')}>
                  Done
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void complete('Cancelled')}
                >
                  Cancel
                </button>
              </div>
            )}
          </>
        )}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
      </main>
    </div>
  );
}
