import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { Cycle, CycleVariable, Prerequisite } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { formatDateTime } from '../lib/format.ts';
import { Link, segment, useRouter } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { CYCLE_TONE } from './AccountCycleList.tsx';
import { CycleTransactions } from './CycleTransactions.tsx';
import { CycleWebhookUrl } from './CycleWebhookUrl.tsx';

const INTERVALS = [1, 5, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 10080];

function intervalLabel(minutes: number): string {
  if (minutes < 60) return `every ${minutes} minute${minutes === 1 ? '' : 's'}`;
  if (minutes < 1440) return `every ${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return minutes === 1440 ? 'every day' : 'every week';
}

/** The app a prerequisite's account connector is, by the cycle's bindings. */
function connectorName(cycle: Cycle, accountConnectorId: number | string): string {
  const bound = cycle.Connectors.find((c) => String(c.AccountConnectorId) === String(accountConnectorId));
  return bound ? `${bound.Name} ${bound.Version}` : `account connector ${accountConnectorId}`;
}

/** One cycle of an account: prerequisites as a checklist, variables, activation and pausing. */
export function CyclePage({ accountId, cycleId }: { readonly accountId: string; readonly cycleId: string }) {
  const api = useApi();
  const { location } = useRouter();
  const path = `/v1.0/cycles/${segment(cycleId)}`;
  const cycle = useLoad(path, (signal) => api.get<Cycle>(path, { signal, account: accountId }));
  const prerequisites = useLoad(`${path}/prerequisites`, (signal) =>
    api.get<Prerequisite[]>(`${path}/prerequisites`, { signal, account: accountId }),
  );
  const variables = useLoad(`${path}/variables`, (signal) =>
    api.get<CycleVariable[]>(`${path}/variables`, { signal, account: accountId }),
  );
  const [values, setValues] = useState<Record<string, string>>({});
  const [interval, setInterval] = useState('');
  const [runOnce, setRunOnce] = useState(false);
  const [busy, setBusy] = useState<'activate' | 'pause' | 'variables' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const data = cycle.data;
  const accountPath = `/accounts/${segment(accountId)}`;

  const act = async (
    kind: 'activate' | 'pause' | 'variables',
    work: () => Promise<unknown>,
    done: string,
  ) => {
    setBusy(kind);
    setFailure(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
      await Promise.all([cycle.reload(), prerequisites.reload(), variables.reload()]);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const saveVariables = (event: FormEvent) => {
    event.preventDefault();
    const body = (variables.data ?? []).map((v) => ({
      SystemName: v.SystemName,
      Value: values[v.SystemName] ?? (v.Value === null || v.Value === undefined ? null : String(v.Value)),
    }));
    void act(
      'variables',
      () => api.send('PATCH', `${path}/variables`, { account: accountId, body }),
      'Variables saved.',
    );
  };

  const activate = (event: FormEvent) => {
    event.preventDefault();
    const body = { Interval: Number(interval || data?.Interval || 5), RunOnce: runOnce };
    void act(
      'activate',
      () => api.send('PUT', `${path}/activate`, { account: accountId, body }),
      runOnce ? 'The cycle runs once now, then pauses.' : 'The cycle is active.',
    );
  };

  const active = data?.Status === 'Active';
  return (
    <Page
      title={data?.Name ?? 'Cycle'}
      crumbs={[
        { label: 'Accounts', to: '/accounts' },
        { label: accountId, to: accountPath },
      ]}
      actions={data && <Badge tone={CYCLE_TONE[data.Status] ?? 'neutral'}>{data.Status}</Badge>}
    >
      {cycle.status === 'loading' && !data && <Loading what="the cycle" />}
      {cycle.status === 'error' && <ErrorNotice message={cycle.message} />}
      {location.query.get('installed') && !notice && data && (
        <Notice kind="success">Installed “{data.Name}”. It stays paused until you activate it.</Notice>
      )}
      {notice && <Notice kind="success">{notice}</Notice>}
      <ErrorNotice message={failure} />
      {data && (
        <>
          <dl className="details">
            <div>
              <dt>Template</dt>
              <dd>
                <Link to={`/templates/${segment(data.TemplateId)}`}>release {data.ReleaseNumber}</Link>
              </dd>
            </div>
            <div>
              <dt>Schedule</dt>
              <dd>{data.RunOnce ? 'once' : intervalLabel(data.Interval)}</dd>
            </div>
            <div>
              <dt>Last run</dt>
              <dd>{data.LastRunOnUtc ? formatDateTime(data.LastRunOnUtc) : '—'}</dd>
            </div>
            <div>
              <dt>Next run</dt>
              <dd>{data.NextRunOnUtc ? formatDateTime(data.NextRunOnUtc) : '—'}</dd>
            </div>
          </dl>
          <Section title="Prerequisites" id="cycle-prerequisites">
            {prerequisites.data && prerequisites.data.length === 0 && (
              <p className="checklist-done">Everything is in place: the cycle can be activated.</p>
            )}
            {prerequisites.data && prerequisites.data.length > 0 && (
              <ul className="checklist" aria-label="Still to do">
                {prerequisites.data.map((p) => (
                  <li key={`${p.ReasonCode}-${p.ObjectId}-${p.Description}`}>
                    {p.ReasonCode === 20 ? (
                      <Link to={`${accountPath}/connectors/${segment(String(p.ObjectId))}`}>
                        Authenticate {connectorName(data, p.ObjectId)}
                      </Link>
                    ) : p.Description.includes('variable') || p.ReasonCode === 40 ? (
                      <a href="#cycle-variables">
                        {p.Reason}: {p.Description}
                      </a>
                    ) : (
                      <span>
                        {p.Reason}: {p.Description}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {variables.data && variables.data.length > 0 && (
            <Section title="Variables" id="cycle-variables">
              <form onSubmit={saveVariables} noValidate className="form" aria-label="Variables">
                {variables.data.map((v) => (
                  <TextField
                    key={v.SystemName}
                    label={v.DisplayName ?? v.SystemName}
                    value={
                      values[v.SystemName] ??
                      (v.Value === null || v.Value === undefined ? '' : String(v.Value))
                    }
                    onChange={(value) => setValues({ ...values, [v.SystemName]: value })}
                    disabled={active}
                    hint={active ? 'Pause the cycle to change its variables.' : undefined}
                  />
                ))}
                <div className="form-actions">
                  <Button type="submit" disabled={active} busy={busy === 'variables'} busyLabel="Saving…">
                    Save variables
                  </Button>
                </div>
              </form>
            </Section>
          )}
          <Section title={active ? 'Running' : 'Activate'} id="cycle-activation">
            {active ? (
              <Button
                variant="danger"
                busy={busy === 'pause'}
                busyLabel="Pausing…"
                onClick={() =>
                  void act(
                    'pause',
                    () => api.send('PUT', `${path}/deactivate`, { account: accountId }),
                    'The cycle is paused.',
                  )
                }
              >
                Pause
              </Button>
            ) : (
              <form onSubmit={activate} noValidate className="form" aria-label="Activate">
                <SelectField
                  label="Interval"
                  value={interval || String(data.Interval)}
                  onChange={setInterval}
                >
                  {INTERVALS.map((m) => (
                    <option key={m} value={m}>
                      {intervalLabel(m)}
                    </option>
                  ))}
                </SelectField>
                <div className="field field-check">
                  <input
                    id="run-once"
                    type="checkbox"
                    checked={runOnce}
                    onChange={(event) => setRunOnce(event.target.checked)}
                  />
                  <label htmlFor="run-once">Run once now, then pause</label>
                </div>
                <div className="form-actions">
                  <Button type="submit" variant="primary" busy={busy === 'activate'} busyLabel="Activating…">
                    Activate
                  </Button>
                </div>
              </form>
            )}
          </Section>
          <CycleWebhookUrl accountId={accountId} cycleId={cycleId} />
          <CycleTransactions accountId={accountId} cycleId={cycleId} />
        </>
      )}
    </Page>
  );
}
