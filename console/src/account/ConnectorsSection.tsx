import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { AccountConnector } from './account-api.ts';
import { connectInPopup } from './connect-popup.ts';

const STATUS_TEXT: Readonly<Record<string, string>> = {
  Authenticated: 'Connected',
  Unauthenticated: 'Not connected',
  Refreshing: 'Connected',
  NeedsReauthentication: 'Needs to be connected again',
  Degraded: 'Connected, but the app is not answering',
};

/** The account's apps, each with a button that connects it in a popup. */
export function ConnectorsSection({
  connectors,
  onChanged,
  announce,
}: {
  readonly connectors: readonly AccountConnector[];
  readonly onChanged: () => Promise<void>;
  readonly announce: (text: string) => void;
}) {
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function connect(connector: AccountConnector) {
    setBusy(connector.Id);
    setError(null);
    try {
      const outcome = await connectInPopup(connector.Id);
      if (outcome === 'blocked')
        setError('The sign-in window was blocked. Allow pop-ups for this page and try again.');
      await onChanged();
      announce(
        outcome === 'connected' ? `${connector.Name} is connected.` : `${connector.Name} was not connected.`,
      );
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="apps-heading" className="section">
      <h2 id="apps-heading">Your apps</h2>
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
      {connectors.length === 0 ? (
        <p className="muted">No apps are set up for this account yet.</p>
      ) : (
        <ul className="cards">
          {connectors.map((connector) => (
            <li key={connector.Id} className="card">
              <div className="card-head">
                {connector.Icon && <img src={connector.Icon} alt="" width={32} height={32} />}
                <div>
                  <h3>{connector.Name}</h3>
                  <p className={connector.Authenticated ? 'status status-good' : 'status'}>
                    {STATUS_TEXT[connector.AuthStatus] ?? connector.AuthStatus}
                  </p>
                </div>
              </div>
              <button
                type="button"
                className={connector.Authenticated ? 'button button-secondary' : 'button'}
                disabled={busy !== null}
                aria-label={`${connector.Authenticated ? 'Reconnect' : 'Connect'} ${connector.Name}`}
                onClick={() => void connect(connector)}
              >
                {busy === connector.Id
                  ? 'Waiting for sign-in…'
                  : connector.Authenticated
                    ? 'Reconnect'
                    : 'Connect'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
