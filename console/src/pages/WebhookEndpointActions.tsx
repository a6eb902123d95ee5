import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { WebhookEndpoint } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { TextField } from '../components/Field.tsx';
import { ErrorNotice, Notice } from '../components/Notice.tsx';
import { segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An endpoint's secret rotation (the new secret shown once) and its replay of a time range. */
export function WebhookEndpointActions({ endpoint }: { readonly endpoint: WebhookEndpoint }) {
  const api = useApi();
  const path = `/v1.0/webhooks/endpoints/${segment(endpoint.Id)}`;
  // Prefilled with the last day: the usual "my app was down" case.
  const [since, setSince] = useState(() => new Date(Date.now() - DAY_MS).toISOString());
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState<'rotate' | 'replay' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [replayed, setReplayed] = useState<{ Queued: number; More: boolean } | null>(null);

  const rotate = async () => {
    setBusy('rotate');
    setFailure(null);
    try {
      const rotated = await api.send<WebhookEndpoint>('POST', `${path}/rotate-secret`, { body: {} });
      setSecret(rotated.Secret ?? null);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  const replay = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('replay');
    setFailure(null);
    setReplayed(null);
    try {
      const body = until.trim() ? { Since: since.trim(), Until: until.trim() } : { Since: since.trim() };
      setReplayed(await api.send<{ Queued: number; More: boolean }>('POST', `${path}/replay`, { body }));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div>
      <ErrorNotice message={failure} />
      {secret && (
        <Notice kind="success" title="New signing secret, shown only now (the old one no longer signs):">
          <code data-testid="rotated-secret">{secret}</code>
        </Notice>
      )}
      {replayed && (
        <Notice kind="success">
          Queued {replayed.Queued} event{replayed.Queued === 1 ? '' : 's'} again
          {replayed.More ? '; the range holds more, replay again from the last one.' : '.'}
        </Notice>
      )}
      <Button
        busy={busy === 'rotate'}
        busyLabel="Rotating…"
        onClick={() => void rotate()}
        aria-label={`Rotate secret of ${endpoint.Url}`}
      >
        Rotate secret
      </Button>
      <form onSubmit={replay} noValidate className="form" aria-label={`Replay events to ${endpoint.Url}`}>
        <TextField label="Since" hint="ISO-8601 date and time." value={since} onChange={setSince} />
        <TextField label="Until" optional hint="Empty for now." value={until} onChange={setUntil} />
        <div className="form-actions">
          <Button type="submit" busy={busy === 'replay'} busyLabel="Replaying…">
            Replay events
          </Button>
        </div>
      </form>
    </div>
  );
}
