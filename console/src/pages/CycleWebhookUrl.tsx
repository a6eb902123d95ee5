import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { CycleWebhookUrlStatus } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorNotice, Notice } from '../components/Notice.tsx';
import { Section } from '../components/Page.tsx';
import { formatDateTime } from '../lib/format.ts';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';

/** The URL just issued: the only time it is shown. It takes the focus, so it is read out at once. */
function IssuedUrl({ url }: { readonly url: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="panel panel-highlight" aria-labelledby="issued-webhook-url-title">
      <h3 id="issued-webhook-url-title" ref={heading} tabIndex={-1}>
        The cycle's webhook URL
      </h3>
      <Notice kind="warning">
        Copy the URL now: it is shown only once and cannot be recovered. Anyone who has it can start this
        cycle's transactions.
      </Notice>
      <dl className="values">
        <div className="value-row">
          <dt>Webhook URL</dt>
          <dd>
            <code className="value" data-testid="cycle-webhook-url">
              {url}
            </code>
            <CopyButton value={url} label="Copy the webhook URL" />
          </dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * A cycle's inbound webhook URL, for a cycle whose trigger is a generic webhook: issue it, or replace it
 * (after a confirmation, since the old URL stops working). Nothing is shown for other cycles.
 */
export function CycleWebhookUrl({
  accountId,
  cycleId,
}: {
  readonly accountId: string;
  readonly cycleId: string;
}) {
  const api = useApi();
  const path = `/v1.0/cycles/${segment(cycleId)}/webhook-url`;
  const status = useLoad(path, (signal) =>
    api.get<CycleWebhookUrlStatus>(path, { signal, account: accountId }),
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const data = status.data;
  if (!data?.Available) return status.status === 'error' ? <ErrorNotice message={status.message} /> : null;

  const issue = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const answer = await api.send<{ Url: string }>('POST', path, { account: accountId, body: {} });
      setConfirming(false);
      setIssued(answer.Url);
      await status.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Webhook URL" id="cycle-webhook-url-title">
      <p className="muted">
        {data.Issued && data.IssuedOnUtc
          ? `Your app posts JSON to this cycle's URL, issued on ${formatDateTime(data.IssuedOnUtc)}. It is not shown again; if it is lost, replace it.`
          : 'No URL yet: issue one for your app to post JSON to. Each post (each element of an array) starts a transaction while the cycle is active.'}
      </p>
      {/* Before the issued URL: closing the dialog returns the focus, then the new URL takes it. */}
      <ConfirmDialog
        open={confirming}
        title="Replace the webhook URL?"
        confirmLabel="Replace URL"
        busy={busy}
        error={failure}
        onConfirm={() => void issue()}
        onCancel={() => {
          setConfirming(false);
          setFailure(null);
        }}
      >
        <p>
          The current URL stops working at once: posts to it are refused from then on. Give your app the new
          URL, shown only once.
        </p>
      </ConfirmDialog>
      {issued && <IssuedUrl key={issued} url={issued} />}
      {!confirming && <ErrorNotice message={failure} />}
      {data.Issued ? (
        <Button onClick={() => setConfirming(true)}>Replace webhook URL</Button>
      ) : (
        <Button variant="primary" busy={busy} busyLabel="Issuing…" onClick={() => void issue()}>
          Issue webhook URL
        </Button>
      )}
    </Section>
  );
}
