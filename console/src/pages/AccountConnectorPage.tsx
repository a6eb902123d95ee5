import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { AccountConnector } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { focusFirstInvalid, TextField } from '../components/Field.tsx';
import { ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDateTime } from '../lib/format.ts';
import { segment, useRouter } from '../lib/router.tsx';
import { useApi, useUsername } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { required } from '../lib/validation.ts';
import { authenticateInPopup, openSignInWindow } from '../oauth/authenticate.ts';
import { MethodRunner } from './MethodRunner.tsx';

type Flash = { kind: 'success' | 'error' | 'info'; text: string } | null;

/** Renaming an installation. */
function RenameForm({
  connector,
  onSave,
  onCancel,
}: {
  readonly connector: AccountConnector;
  onSave(name: string, description: string | null): Promise<void>;
  onCancel(): void;
}) {
  const [name, setName] = useState(connector.Name);
  const [description, setDescription] = useState(connector.Description ?? '');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = required(name, 'a name');
    setError(problem ?? undefined);
    if (problem) return focusFirstInvalid(form.current);
    setBusy(true);
    setFailure(null);
    try {
      await onSave(name.trim(), description.trim() || null);
    } catch (caught) {
      setFailure(errorMessage(caught));
      setBusy(false);
    }
  };
  return (
    <form ref={form} onSubmit={submit} noValidate className="form panel" aria-label="Rename">
      <ErrorNotice message={failure} />
      <TextField label="Name" value={name} onChange={setName} error={error} autoFocus />
      <TextField label="Description" optional value={description} onChange={setDescription} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Saving…">
          Save
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** An account connector: its status, authentication, and a method runner to try it. */
export function AccountConnectorPage({
  accountId,
  accountConnectorId,
}: {
  readonly accountId: string;
  readonly accountConnectorId: string;
}) {
  const api = useApi();
  // The account user the sign-in token is made for: named after the admin, marked as the console's, so
  // it cannot be mistaken for one of the customer's own users in the account's user list.
  const username = `console:${useUsername()}`;
  const { location, navigate } = useRouter();
  const path = `/v1.0/account/connectors/${segment(accountConnectorId)}`;
  const connector = useLoad(`${accountId}${path}`, (signal) =>
    api.get<AccountConnector>(path, { signal, account: accountId }),
  );
  const [flash, setFlash] = useState<Flash>(
    location.query.get('installed')
      ? { kind: 'success', text: 'Installed. Authenticate it to reach the account’s data.' }
      : null,
  );
  const [authenticating, setAuthenticating] = useState(false);
  const cancelAuth = useRef<AbortController | null>(null);
  const [confirm, setConfirm] = useState<'deauthenticate' | 'uninstall' | null>(null);
  const [confirmBusy, setConfirmBusy] = useState(false);
  const [confirmFailure, setConfirmFailure] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  useEffect(() => () => cancelAuth.current?.abort(), []);

  const data = connector.data;
  const accountPath = `/accounts/${segment(accountId)}`;

  const authenticate = async () => {
    if (!data) return;
    setFlash(null);
    const popup = openSignInWindow();
    if (!popup) {
      setFlash({
        kind: 'error',
        text: 'The browser blocked the sign-in window. Allow pop-ups for this site and try again.',
      });
      return;
    }
    const controller = new AbortController();
    cancelAuth.current = controller;
    setAuthenticating(true);
    try {
      const outcome = await authenticateInPopup({
        api,
        accountId,
        accountConnectorId: data.Id,
        username,
        popup,
        signal: controller.signal,
      });
      const fresh = await api.get<AccountConnector>(path, { account: accountId });
      connector.setData(fresh);
      if (outcome === 'cancelled') setFlash({ kind: 'info', text: 'Authentication cancelled.' });
      else if (fresh.Authenticated) setFlash({ kind: 'success', text: `${fresh.Name} is authenticated.` });
      else
        setFlash({
          kind: 'error',
          text: fresh.LastError
            ? `Authentication did not complete: ${fresh.LastError}`
            : 'Authentication did not complete. The sign-in window said why.',
        });
    } catch (error) {
      if (!popup.closed) popup.close();
      setFlash({ kind: 'error', text: errorMessage(error) });
    } finally {
      cancelAuth.current = null;
      setAuthenticating(false);
    }
  };

  const confirmAction = async () => {
    setConfirmBusy(true);
    setConfirmFailure(null);
    try {
      if (confirm === 'deauthenticate') {
        const answer = await api.send<{ Message: string }>('PUT', `${path}/deauthenticate`, {
          account: accountId,
        });
        connector.setData(await api.get<AccountConnector>(path, { account: accountId }));
        setFlash({ kind: 'success', text: answer.Message });
      } else if (confirm === 'uninstall') {
        await api.send('DELETE', path, { account: accountId });
        navigate(accountPath);
        return;
      }
      setConfirm(null);
    } catch (error) {
      setConfirmFailure(errorMessage(error));
    } finally {
      setConfirmBusy(false);
    }
  };

  const rename = async (name: string, description: string | null) => {
    const updated = await api.send<AccountConnector>('PUT', path, {
      account: accountId,
      body: { Name: name, Description: description },
    });
    connector.setData(updated);
    setRenaming(false);
    setFlash({ kind: 'success', text: 'Saved.' });
  };

  const hasCredentials = data !== null && data.AuthStatus !== 'Unauthenticated';
  return (
    <Page
      title={data?.Name ?? 'Connector'}
      lead={
        data
          ? `${data.Connector.Name} ${data.Connector.Version}${data.Description ? ` · ${data.Description}` : ''}`
          : undefined
      }
      crumbs={[
        { label: 'Accounts', to: '/accounts' },
        { label: accountId, to: accountPath },
      ]}
      actions={
        data &&
        !renaming && (
          <>
            <Button onClick={() => setRenaming(true)}>Rename</Button>
            <Button variant="danger" onClick={() => setConfirm('uninstall')}>
              Uninstall
            </Button>
          </>
        )
      }
    >
      {connector.status === 'loading' && !data && <Loading what="the connector" />}
      {connector.status === 'error' && <ErrorNotice message={connector.message} />}
      {flash && (
        <Notice kind={flash.kind}>
          <span data-testid="auth-flash">{flash.text}</span>
        </Notice>
      )}
      {data && renaming && (
        <RenameForm connector={data} onSave={rename} onCancel={() => setRenaming(false)} />
      )}
      {data && (
        <Section title="Authentication" id="authentication">
          <div className="status-line">
            <span>Status</span> <StatusBadge status={data.AuthStatus} />
          </div>
          <dl className="details">
            <div>
              <dt>Authenticated</dt>
              <dd>{formatDateTime(data.AuthenticatedAtUtc)}</dd>
            </div>
            <div>
              <dt>Last refresh</dt>
              <dd>{formatDateTime(data.LastRefreshedAtUtc)}</dd>
            </div>
            <div>
              <dt>Access token expires</dt>
              <dd>{formatDateTime(data.TokenExpiresAtUtc)}</dd>
            </div>
            <div>
              <dt>Last error</dt>
              <dd data-testid="last-error">
                {data.LastError ? `${data.LastError} (${formatDateTime(data.LastErrorAtUtc)})` : '—'}
              </dd>
            </div>
          </dl>
          <div className="form-actions">
            {authenticating ? (
              <>
                <p className="loading" role="status">
                  <span className="spinner" aria-hidden="true" />
                  Waiting for the sign-in window…
                </p>
                <Button onClick={() => cancelAuth.current?.abort()}>Cancel</Button>
              </>
            ) : (
              <>
                <Button variant="primary" onClick={authenticate}>
                  {hasCredentials ? 'Re-authenticate' : 'Authenticate'}
                </Button>
                {hasCredentials && (
                  <Button variant="danger" onClick={() => setConfirm('deauthenticate')}>
                    Deauthenticate
                  </Button>
                )}
              </>
            )}
          </div>
          <p className="hint">
            Authenticate opens the provider's sign-in in a new window, the way your product does for your
            customers: with a one-time sign-in token for the account user <code>{username}</code>.
          </p>
        </Section>
      )}
      {data && <MethodRunner accountId={accountId} accountConnector={data} />}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === 'uninstall' ? 'Uninstall this connector?' : 'Deauthenticate this connector?'}
        confirmLabel={confirm === 'uninstall' ? 'Uninstall' : 'Deauthenticate'}
        busy={confirmBusy}
        error={confirmFailure}
        onConfirm={confirmAction}
        onCancel={() => {
          setConfirm(null);
          setConfirmFailure(null);
        }}
      >
        <p>
          {confirm === 'uninstall'
            ? `“${data?.Name}” is removed from the account and its credentials are revoked at the provider.`
            : `The credentials of “${data?.Name}” are dropped and revoked at the provider. Calls fail until someone authenticates it again.`}
        </p>
      </ConfirmDialog>
    </Page>
  );
}
