import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { Account, Cycle, Template } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { SelectField } from '../components/Field.tsx';
import { EmptyState, ErrorNotice, Loading } from '../components/Notice.tsx';
import { Section } from '../components/Page.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { Link, segment, useRouter } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';

export const CYCLE_TONE = { Active: 'good', Paused: 'neutral', Stopped: 'neutral', Error: 'bad' } as const;

/** Installing a template into the account: a new, paused cycle. */
function InstallTemplateForm({ account, onCancel }: { readonly account: Account; onCancel(): void }) {
  const api = useApi();
  const { navigate } = useRouter();
  const templates = useLoad('templates', (signal) =>
    api.get<Template[]>('/v1.0/templates', { signal, query: { pageSize: 1000 } }),
  );
  const [templateId, setTemplateId] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const chosen = templateId || templates.data?.[0]?.Id || '';

  const install = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const cycle = await api.send<Cycle>('POST', `/v1.0/templates/${segment(chosen)}/install`, {
        account: account.Id,
        body: {},
      });
      navigate(`/accounts/${segment(account.Id)}/cycles/${segment(cycle.Id)}?installed=1`);
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
    }
  };

  if (templates.status === 'error') return <ErrorNotice message={templates.message} />;
  if (!templates.data) return <Loading what="templates" />;
  if (templates.data.length === 0)
    return (
      <EmptyState title="There are no templates to install.">
        <p>
          Import one under <Link to="/templates">Templates</Link> first.
        </p>
      </EmptyState>
    );
  return (
    <form onSubmit={install} noValidate className="form panel" aria-label="Install a template">
      <ErrorNotice message={failure} />
      <SelectField
        label="Template"
        hint="Its connectors are bound to this account's connectors of the same kind, or installed unauthenticated."
        value={chosen}
        onChange={setTemplateId}
      >
        {templates.data.map((template) => (
          <option key={template.Id} value={template.Id}>
            {template.Name} (release {template.ReleaseNumber})
          </option>
        ))}
      </SelectField>
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

/** The account's cycles: each installed template, its status, and installing another. */
export function AccountCycleList({ account }: { readonly account: Account }) {
  const api = useApi();
  const [installing, setInstalling] = useState(false);
  const cycles = useLoad(`cycles/${account.Id}`, (signal) =>
    api.get<Cycle[]>('/v1.0/cycles', { signal, account: account.Id, query: { pageSize: 1000 } }),
  );
  return (
    <Section
      title="Cycles"
      id="account-cycles"
      actions={
        !installing && (
          <Button variant="primary" onClick={() => setInstalling(true)}>
            Install a template
          </Button>
        )
      }
    >
      {installing && <InstallTemplateForm account={account} onCancel={() => setInstalling(false)} />}
      {cycles.status === 'loading' && !cycles.data && <Loading what="cycles" />}
      {cycles.status === 'error' && <ErrorNotice message={cycles.message} />}
      {cycles.data && cycles.data.length === 0 && !installing && (
        <EmptyState title="No cycles yet.">
          <p>Install a template to run an integration in this account.</p>
        </EmptyState>
      )}
      {cycles.data && cycles.data.length > 0 && (
        <ul className="rows" aria-label="Cycles">
          {cycles.data.map((cycle) => (
            <li key={cycle.Id} className="row">
              <div className="row-main">
                <Link
                  className="row-link"
                  to={`/accounts/${segment(account.Id)}/cycles/${segment(cycle.Id)}`}
                >
                  {cycle.Name}
                </Link>
                <span className="meta">
                  Release {cycle.ReleaseNumber} · every {cycle.Interval} min
                </span>
              </div>
              <Badge tone={CYCLE_TONE[cycle.Status] ?? 'neutral'}>{cycle.Status}</Badge>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
