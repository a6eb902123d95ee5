import { type FormEvent, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { ApiClientInfo, NewApiClient } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { focusFirstInvalid, TextField } from '../components/Field.tsx';
import { EmptyState, ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { required } from '../lib/validation.ts';

/** The credentials of a client just made: the only time its secret is shown. */
function NewCredentials({ client, onDone }: { readonly client: NewApiClient; onDone(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section className="panel panel-highlight" aria-labelledby="new-client-title">
      <h3 id="new-client-title" ref={heading}>
        Credentials of “{client.Name}”
      </h3>
      <Notice kind="warning">
        Copy the client secret now: it is shown only once and cannot be recovered.
      </Notice>
      <dl className="values">
        <div className="value-row">
          <dt>Client ID</dt>
          <dd>
            <code className="value" data-testid="new-client-id">
              {client.ClientId}
            </code>
            <CopyButton value={client.ClientId} label="Copy the client ID" />
          </dd>
        </div>
        <div className="value-row">
          <dt>Client secret</dt>
          <dd>
            <code className="value" data-testid="new-client-secret">
              {client.ClientSecret}
            </code>
            <CopyButton value={client.ClientSecret} label="Copy the client secret" />
          </dd>
        </div>
      </dl>
      <p className="hint">
        Your backend exchanges them for an access token at <code>POST /oauth/token</code> with{' '}
        <code>grant_type=client_credentials</code>.
      </p>
      <Button onClick={onDone}>I have copied the secret</Button>
    </section>
  );
}

/** API clients: the credentials partner backends use for `/v1.0`. */
export function ApiClientsPage() {
  const api = useApi();
  const clients = useLoad('apiclients', (signal) =>
    api.get<ApiClientInfo[]>('/v1.0/apiclients', { signal, query: { pageSize: 1000 } }),
  );
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [createFailure, setCreateFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<NewApiClient | null>(null);
  const [revoking, setRevoking] = useState<ApiClientInfo | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeFailure, setRevokeFailure] = useState<string | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const problem =
      required(name, 'a name') ?? (name.trim().length > 200 ? 'Use at most 200 characters.' : null);
    setNameError(problem ?? undefined);
    if (problem) return focusFirstInvalid(form.current);
    setCreating(true);
    setCreateFailure(null);
    setRevoked(null);
    try {
      const client = await api.send<NewApiClient>('POST', '/v1.0/apiclients', {
        body: { Name: name.trim() },
      });
      setCreated(client);
      setName('');
      await clients.reload();
    } catch (error) {
      setCreateFailure(errorMessage(error));
    } finally {
      setCreating(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeFailure(null);
    try {
      const answer = await api.send<{ Message: string }>(
        'DELETE',
        `/v1.0/apiclients/${encodeURIComponent(revoking.ClientId)}`,
      );
      setRevoked(answer.Message);
      setRevoking(null);
      await clients.reload();
    } catch (error) {
      setRevokeFailure(errorMessage(error));
    } finally {
      setRevokeBusy(false);
    }
  };

  return (
    <Page
      title="API clients"
      lead="Credentials for your backend to call the partner API. Revoking a client ends all of its access tokens."
    >
      <Section title="New API client" id="new-client">
        {created ? (
          <NewCredentials client={created} onDone={() => setCreated(null)} />
        ) : (
          <form ref={form} className="inline-form" onSubmit={create} noValidate>
            <ErrorNotice message={createFailure} />
            <TextField
              label="Name"
              hint="Who uses it, e.g. “Production backend”."
              value={name}
              onChange={setName}
              error={nameError}
              maxLength={200}
            />
            <Button type="submit" variant="primary" busy={creating} busyLabel="Creating…">
              Create API client
            </Button>
          </form>
        )}
      </Section>
      <Section title="Your API clients" id="client-list">
        {revoked && <Notice kind="success">{revoked}</Notice>}
        {clients.status === 'loading' && !clients.data && <Loading what="API clients" />}
        {clients.status === 'error' && <ErrorNotice message={clients.message} />}
        {clients.data && clients.data.length === 0 && (
          <EmptyState title="No API clients yet.">
            <p>
              Create one above, or on the server with <code>npx plugboard api-client create --name NAME</code>
              .
            </p>
          </EmptyState>
        )}
        {clients.data && clients.data.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Client ID</th>
                  <th scope="col">Created</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {clients.data.map((client) => (
                  <tr key={client.ClientId}>
                    <td data-label="Name">{client.Name}</td>
                    <td data-label="Client ID">
                      <code>{client.ClientId}</code>
                    </td>
                    <td data-label="Created">{formatDateTime(client.CreatedAtUtc)}</td>
                    <td data-label="Status">
                      {client.Revoked ? (
                        <Badge tone="neutral">Revoked</Badge>
                      ) : (
                        <Badge tone="good">Active</Badge>
                      )}
                    </td>
                    <td data-label="Actions">
                      {!client.Revoked && (
                        <Button
                          variant="danger"
                          onClick={() => setRevoking(client)}
                          aria-label={`Revoke ${client.Name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this API client?"
        confirmLabel="Revoke"
        busy={revokeBusy}
        error={revokeFailure}
        onConfirm={revoke}
        onCancel={() => {
          setRevoking(null);
          setRevokeFailure(null);
        }}
      >
        <p>
          “{revoking?.Name}” and every access token it holds stop working at once. Backends using it will get
          401 errors.
        </p>
      </ConfirmDialog>
    </Page>
  );
}
