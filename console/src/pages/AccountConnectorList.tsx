import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { Account, AccountConnector, Connector } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { focusFirstInvalid, SelectField, TextField } from '../components/Field.tsx';
import { EmptyState, ErrorNotice, Loading } from '../components/Notice.tsx';
import { Section } from '../components/Page.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Link, segment, useRouter } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { problems, required } from '../lib/validation.ts';

/** Installing a connector from the catalog into the account. */
function InstallForm({ account, onCancel }: { readonly account: Account; onCancel(): void }) {
  const api = useApi();
  const { navigate } = useRouter();
  const catalog = useLoad('catalog', (signal) =>
    api.get<Connector[]>('/v1.0/connectors', { signal, query: { pageSize: 1000 } }),
  );
  const [connectorId, setConnectorId] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'connector' | 'name', string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const first = catalog.data?.[0];
    if (first && connectorId === '') {
      setConnectorId(String(first.Id));
      setName(`${first.Name} ${first.Version}`);
    }
  }, [catalog.data, connectorId]);

  const choose = (id: string) => {
    const previous = catalog.data?.find((c) => String(c.Id) === connectorId);
    const next = catalog.data?.find((c) => String(c.Id) === id);
    // Follow the chosen connector while the name is still the default one.
    if (next && (name === '' || (previous && name === `${previous.Name} ${previous.Version}`)))
      setName(`${next.Name} ${next.Version}`);
    setConnectorId(id);
  };

  const install = async (event: FormEvent) => {
    event.preventDefault();
    const found = problems({
      connector: required(connectorId, 'a connector'),
      name: required(name, 'a name'),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(form.current);
    setBusy(true);
    setFailure(null);
    try {
      const installed = await api.send<AccountConnector>(
        'POST',
        `/v1.0/connectors/${segment(connectorId)}/install`,
        {
          account: account.Id,
          body: { Name: name.trim(), Description: description.trim() || null },
        },
      );
      navigate(`/accounts/${segment(account.Id)}/connectors/${segment(installed.Id)}?installed=1`);
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
    }
  };

  if (catalog.status === 'error') return <ErrorNotice message={catalog.message} />;
  if (!catalog.data) return <Loading what="the connector library" />;
  return (
    <form ref={form} onSubmit={install} noValidate className="form panel" aria-label="Install a connector">
      <ErrorNotice message={failure} />
      <SelectField label="Connector" value={connectorId} onChange={choose} error={errors.connector}>
        {catalog.data.map((connector) => (
          <option key={connector.Id} value={connector.Id}>
            {connector.Name} {connector.Version}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Name"
        hint="How this installation is called in the account."
        value={name}
        onChange={setName}
        error={errors.name}
      />
      <TextField label="Description" optional value={description} onChange={setDescription} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Installing…">
          Install
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** The account's installed connectors, with their authentication status. */
export function AccountConnectorList({ account }: { readonly account: Account }) {
  const api = useApi();
  const [installing, setInstalling] = useState(false);
  const connectors = useLoad(`account-connectors/${account.Id}`, (signal) =>
    api.get<AccountConnector[]>('/v1.0/account/connectors', {
      signal,
      account: account.Id,
      query: { pageSize: 1000 },
    }),
  );
  return (
    <Section
      title="Connectors"
      id="account-connectors"
      actions={
        !installing && (
          <Button variant="primary" onClick={() => setInstalling(true)}>
            Install a connector
          </Button>
        )
      }
    >
      {installing && <InstallForm account={account} onCancel={() => setInstalling(false)} />}
      {connectors.status === 'loading' && !connectors.data && <Loading what="installed connectors" />}
      {connectors.status === 'error' && <ErrorNotice message={connectors.message} />}
      {connectors.data && connectors.data.length === 0 && !installing && (
        <EmptyState title="No connectors installed yet.">
          <p>Install one, then authenticate it to reach the customer's data.</p>
        </EmptyState>
      )}
      {connectors.data && connectors.data.length > 0 && (
        <ul className="rows" aria-label="Installed connectors">
          {connectors.data.map((item) => (
            <li key={item.Id} className="row">
              <img src={item.Connector.Icon} alt="" width="32" height="32" />
              <div className="row-main">
                <Link
                  className="row-link"
                  to={`/accounts/${segment(account.Id)}/connectors/${segment(item.Id)}`}
                >
                  {item.Name}
                </Link>
                <span className="meta">
                  {item.Connector.Name} {item.Connector.Version}
                  {item.LastError ? ` · Last error: ${item.LastError}` : ''}
                </span>
              </div>
              <StatusBadge status={item.AuthStatus} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
