import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { TransactionDetail } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { formatDateTime } from '../lib/format.ts';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { duration, TRANSACTION_TONE } from './CycleTransactions.tsx';

const json = (value: unknown) =>
  value === undefined || value === null ? '—' : JSON.stringify(value, null, 2);

/** One transaction: each step's request and response, and a retry when it errored. */
export function TransactionPage({
  accountId,
  transactionId,
}: {
  readonly accountId: string;
  readonly transactionId: string;
}) {
  const api = useApi();
  const path = `/v1.0/transactions/${segment(transactionId)}`;
  const transaction = useLoad(path, (signal) =>
    api.get<TransactionDetail>(path, { signal, account: accountId }),
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [retried, setRetried] = useState(false);
  const data = transaction.data;
  // A transaction on its way (after a retry, say) is looked at again each second until it settles.
  const inFlight = data?.Status === 'Queued' || data?.Status === 'Running';
  const { reload } = transaction;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer (`data`) schedules the next look.
  useEffect(() => {
    if (!inFlight) return;
    const timer = setTimeout(() => void reload(), 1000);
    return () => clearTimeout(timer);
  }, [inFlight, reload, data]);
  const retry = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await api.send('POST', `${path}/retry`, { account: accountId, body: {} });
      setRetried(true);
      await transaction.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const accountPath = `/accounts/${segment(accountId)}`;
  return (
    <Page
      title={`Transaction ${transactionId.slice(0, 8)}`}
      crumbs={[
        { label: 'Accounts', to: '/accounts' },
        { label: accountId, to: accountPath },
        ...(data ? [{ label: 'Cycle', to: `${accountPath}/cycles/${segment(data.CycleId)}` }] : []),
      ]}
      actions={
        data?.Status === 'Errored' && (
          <Button variant="primary" busy={busy} busyLabel="Retrying…" onClick={() => void retry()}>
            Retry from the failed step
          </Button>
        )
      }
    >
      {transaction.status === 'loading' && !data && <Loading what="the transaction" />}
      {transaction.status === 'error' && <ErrorNotice message={transaction.message} />}
      {retried && data && (
        <Notice kind={data.Status === 'Errored' ? 'warning' : 'success'}>
          {inFlight
            ? 'The transaction was queued again from its failed step.'
            : `The retried transaction is ${data.Status}.`}
        </Notice>
      )}
      <ErrorNotice message={failure} />
      {data && (
        <>
          <dl className="details">
            <div>
              <dt>Status</dt>
              <dd>
                <Badge tone={TRANSACTION_TONE[data.Status] ?? 'neutral'}>{data.Status}</Badge>
              </dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{data.StartedOnUtc ? formatDateTime(data.StartedOnUtc) : '—'}</dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{duration(data.StartedOnUtc, data.CompletedOnUtc)}</dd>
            </div>
            <div>
              <dt>Message</dt>
              <dd>{data.Message ?? '—'}</dd>
            </div>
          </dl>
          <Section title="Steps" id="transaction-steps">
            <ol className="step-runs">
              {/* A retried step runs again from attempt 1: the run's position tells the runs apart. */}
              {data.Steps.map((step, position) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: runs are only ever appended, never reordered.
                <li key={position}>
                  <h3>
                    {step.StepName}{' '}
                    <Badge tone={step.Status === 'Errored' ? 'bad' : 'neutral'}>{step.Status}</Badge>
                  </h3>
                  <p className="meta">
                    Attempt {step.Attempt} · {duration(step.StartedOnUtc, step.CompletedOnUtc)}
                    {step.Message ? ` · ${step.Message}` : ''}
                  </p>
                  <details>
                    <summary>Sent</summary>
                    <pre>{json(step.Request)}</pre>
                  </details>
                  <details>
                    <summary>Received</summary>
                    <pre>{json(step.Response)}</pre>
                  </details>
                </li>
              ))}
            </ol>
          </Section>
        </>
      )}
    </Page>
  );
}
