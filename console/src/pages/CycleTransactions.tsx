import { useState } from 'react';
import type { Incident, Transaction } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { SelectField } from '../components/Field.tsx';
import { EmptyState, ErrorNotice, Loading } from '../components/Notice.tsx';
import { Section } from '../components/Page.tsx';
import { Pager } from '../components/Pager.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { formatDateTime } from '../lib/format.ts';
import { Link, segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';

/** Transactions on one page of the list. */
const PAGE_SIZE = 50;
const STATUSES = ['Queued', 'Running', 'Waiting', 'Completed', 'Errored', 'Stopped'] as const;
export const TRANSACTION_TONE = {
  Queued: 'neutral',
  Running: 'info',
  Waiting: 'warn',
  Completed: 'good',
  Errored: 'bad',
  Stopped: 'neutral',
} as const;

/** How long a run took, in words. */
export function duration(started: string | null, completed: string | null): string {
  if (!started || !completed) return '—';
  const ms = Date.parse(completed) - Date.parse(started);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A cycle's transactions, newest first, filtered by status; and the incidents they raised. */
export function CycleTransactions({
  accountId,
  cycleId,
}: {
  readonly accountId: string;
  readonly cycleId: string;
}) {
  const api = useApi();
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const path = `/v1.0/cycles/${segment(cycleId)}/transactions`;
  const transactions = useLoad(`${path}?${status}&${page}`, async (signal) => {
    const result = await api.request<Transaction[]>('GET', path, {
      signal,
      account: accountId,
      query: { status, page, pageSize: PAGE_SIZE },
    });
    return {
      items: result.data,
      totalPages: Number(result.headers.get('total-pages') ?? 1),
      totalRecords: Number(result.headers.get('total-records') ?? result.data.length),
    };
  });
  const filter = (next: string) => {
    setStatus(next);
    setPage(1);
  };
  const incidents = useLoad(`incidents/${accountId}/${cycleId}`, (signal) =>
    api.get<Incident[]>(`/v1.0/cycles/${segment(cycleId)}/incidents`, {
      signal,
      account: accountId,
      query: { pageSize: 50 },
    }),
  );
  const base = `/accounts/${segment(accountId)}/transactions`;
  return (
    <>
      <Section
        title="Transactions"
        id="cycle-transactions"
        actions={
          <div className="section-tools">
            <SelectField label="Status" value={status} onChange={filter}>
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </SelectField>
            <Button
              busy={transactions.status === 'loading' || incidents.status === 'loading'}
              busyLabel="Refreshing…"
              onClick={() => void Promise.all([transactions.reload(), incidents.reload()])}
            >
              Refresh
            </Button>
          </div>
        }
      >
        {transactions.status === 'loading' && !transactions.data && <Loading what="transactions" />}
        {transactions.status === 'error' && <ErrorNotice message={transactions.message} />}
        {transactions.data && transactions.data.items.length === 0 && (
          <EmptyState title={status ? `No ${status.toLowerCase()} transactions.` : 'No transactions yet.'} />
        )}
        {transactions.data && transactions.data.items.length > 0 && (
          <table className="table">
            <caption className="visually-hidden">Transactions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Transaction</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {transactions.data.items.map((t) => (
                <tr key={t.Id}>
                  <td>
                    <Link to={`${base}/${segment(t.Id)}`}>{t.Id.slice(0, 8)}</Link>
                  </td>
                  <td>
                    <Badge tone={TRANSACTION_TONE[t.Status] ?? 'neutral'}>{t.Status}</Badge>
                  </td>
                  <td>{t.StartedOnUtc ? formatDateTime(t.StartedOnUtc) : '—'}</td>
                  <td>{duration(t.StartedOnUtc, t.CompletedOnUtc)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {transactions.data && transactions.data.items.length > 0 && (
          <Pager
            page={page}
            totalPages={transactions.data.totalPages}
            totalRecords={transactions.data.totalRecords}
            noun="transaction"
            onPage={setPage}
          />
        )}
      </Section>
      <Section title="Incidents" id="cycle-incidents">
        {incidents.status === 'error' && <ErrorNotice message={incidents.message} />}
        {incidents.data && incidents.data.length === 0 && (
          <p className="muted">No errors or warnings reported.</p>
        )}
        {incidents.data && incidents.data.length > 0 && (
          <ul className="rows" aria-label="Incidents">
            {incidents.data.map((incident) => (
              <li key={incident.Id} className="row">
                <div className="row-main">
                  <span>
                    <span
                      className={`badge ${incident.IncidentLevel === 'Error' ? 'badge-bad' : 'badge-warn'}`}
                    >
                      {incident.IncidentLevel}
                    </span>{' '}
                    {incident.StepName ? `${incident.StepName}: ` : ''}
                    {incident.ShortMessage}
                  </span>
                  <span className="meta">
                    {formatDateTime(incident.CreatedOnUtc)}
                    {incident.TransactionId && (
                      <>
                        {' · '}
                        <Link to={`${base}/${segment(incident.TransactionId)}`}>transaction</Link>
                      </>
                    )}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
