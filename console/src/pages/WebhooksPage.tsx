import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { TextField } from '../components/Field.tsx';
import { EmptyState, ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { formatDateTime } from '../lib/format.ts';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { WebhookEndpointActions } from './WebhookEndpointActions.tsx';

const DELIVERY_TONE: Record<string, 'good' | 'bad' | 'neutral' | 'warn'> = {
  Delivered: 'good',
  Pending: 'warn',
  Failed: 'bad',
  Dead: 'bad',
};

/** An endpoint's deliveries, newest first, each with its attempts and a retry. */
function Deliveries({ endpoint }: { readonly endpoint: WebhookEndpoint }) {
  const api = useApi();
  const path = `/v1.0/webhooks/endpoints/${segment(endpoint.Id)}/deliveries`;
  const deliveries = useLoad(path, (signal) =>
    api.get<WebhookDelivery[]>(path, { signal, query: { pageSize: 50 } }),
  );
  const [failure, setFailure] = useState<string | null>(null);
  const retry = async (id: number) => {
    setFailure(null);
    try {
      await api.send('POST', `${path}/${id}/retry`, { body: {} });
      await deliveries.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  return (
    <div>
      <ErrorNotice message={failure} />
      <Button onClick={() => void deliveries.reload()}>Refresh deliveries</Button>
      {deliveries.status === 'error' && <ErrorNotice message={deliveries.message} />}
      {deliveries.data && deliveries.data.length === 0 && <p className="muted">No events sent yet.</p>}
      {deliveries.data && deliveries.data.length > 0 && (
        <ul className="rows" aria-label={`Deliveries to ${endpoint.Url}`}>
          {deliveries.data.map((d) => (
            <li key={d.Id} className="row">
              <div className="row-main">
                <span>
                  <code>{d.EventType}</code>{' '}
                  <Badge tone={DELIVERY_TONE[d.Status] ?? 'neutral'}>{d.Status}</Badge>
                </span>
                <span className="meta">
                  {formatDateTime(d.CreatedOnUtc)} · {d.Attempts} attempt{d.Attempts === 1 ? '' : 's'}
                  {d.LastResponseStatus !== null ? ` · answered ${d.LastResponseStatus}` : ''}
                  {d.LastError ? ` · ${d.LastError}` : ''}
                </span>
                {d.AttemptLog.length > 0 && (
                  <details>
                    <summary>Attempts</summary>
                    <ol>
                      {d.AttemptLog.map((a) => (
                        <li key={a.AttemptedOnUtc}>
                          {formatDateTime(a.AttemptedOnUtc)}: {a.ResponseStatus ?? 'no answer'} in{' '}
                          {a.DurationMs} ms
                          {a.Error ? ` (${a.Error})` : ''}
                          {a.Response ? <pre>{a.Response}</pre> : null}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </div>
              <Button onClick={() => void retry(d.Id)} aria-label={`Send again: ${d.EventType}`}>
                Send again
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The partner's event endpoints: add one (its secret shown once), and each one's deliveries. */
export function WebhooksPage() {
  const api = useApi();
  const endpoints = useLoad('webhook-endpoints', (signal) =>
    api.get<WebhookEndpoint[]>('/v1.0/webhooks/endpoints', { signal, query: { pageSize: 100 } }),
  );
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<WebhookEndpoint | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const EventTypes = types
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      setCreated(
        await api.send<WebhookEndpoint>('POST', '/v1.0/webhooks/endpoints', {
          body: { Url: url.trim(), EventTypes },
        }),
      );
      setUrl('');
      setTypes('');
      await endpoints.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page
      title="Webhooks"
      lead="Endpoints of your app that receive Plugboard's events, signed the Standard Webhooks way."
    >
      {created?.Secret && (
        <Notice kind="success" title="Endpoint added. Its signing secret is shown only now:">
          <code data-testid="endpoint-secret">{created.Secret}</code>
        </Notice>
      )}
      <Section title="Add an endpoint" id="add-endpoint">
        <form onSubmit={add} noValidate className="form" aria-label="Add an endpoint">
          <ErrorNotice message={failure} />
          <TextField label="URL" value={url} onChange={setUrl} />
          <TextField
            label="Event types"
            optional
            hint="Comma-separated, such as account_connector.*, cycle.activated; empty for every type."
            value={types}
            onChange={setTypes}
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy} busyLabel="Adding…">
              Add endpoint
            </Button>
          </div>
        </form>
      </Section>
      {endpoints.status === 'loading' && !endpoints.data && <Loading what="endpoints" />}
      {endpoints.status === 'error' && <ErrorNotice message={endpoints.message} />}
      {endpoints.data && endpoints.data.length === 0 && <EmptyState title="No endpoints yet." />}
      {endpoints.data?.map((endpoint) => (
        <Section key={endpoint.Id} title={endpoint.Url} id={`endpoint-${endpoint.Id}`}>
          <p className="meta">
            {endpoint.Enabled ? 'Enabled' : 'Disabled'} ·{' '}
            {endpoint.EventTypes.length > 0 ? endpoint.EventTypes.join(', ') : 'every event type'}
          </p>
          <WebhookEndpointActions endpoint={endpoint} />
          <Deliveries endpoint={endpoint} />
        </Section>
      ))}
    </Page>
  );
}
