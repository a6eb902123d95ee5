import { type FormEvent, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { Settings } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { focusFirstInvalid, TextField } from '../components/Field.tsx';
import { EmptyState, ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Page, Section } from '../components/Page.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { origin } from '../lib/validation.ts';

/** One read-only value with a copy button. */
function CopyableValue({
  label,
  value,
  hint,
}: {
  readonly label: string;
  readonly value: string;
  readonly hint: React.ReactNode;
}) {
  const id = label.replace(/\W+/g, '-').toLowerCase();
  return (
    <div className="value-row">
      <dt>{label}</dt>
      <dd>
        <code className="value" data-testid={id}>
          {value}
        </code>
        <CopyButton value={value} label={`Copy the ${label.toLowerCase()}`} />
        <p className="hint">{hint}</p>
      </dd>
    </div>
  );
}

/** Settings: the service domain and callback URL to register at providers, and the allowed origins. */
export function SettingsPage() {
  const api = useApi();
  const settings = useLoad('settings', (signal) => api.get<Settings>('/v1.0/settings', { signal }));
  const [newOrigin, setNewOrigin] = useState('');
  const [originError, setOriginError] = useState<string | undefined>();
  const [saving, setSaving] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  const saveOrigins = async (origins: string[], done: string) => {
    setFailure(null);
    setSaved(null);
    try {
      const updated = await api.send<Settings>('PUT', '/v1.0/settings', {
        body: { AllowedOrigins: origins },
      });
      settings.setData(updated);
      setSaved(done);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    } finally {
      setSaving(null);
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const value = newOrigin.trim().replace(/\/$/, '');
    const problem =
      origin(value) ??
      (settings.data?.AllowedOrigins.includes(value) ? 'That origin is already allowed.' : null);
    setOriginError(problem ?? undefined);
    if (problem || !settings.data) return focusFirstInvalid(form.current);
    setSaving('add');
    if (await saveOrigins([...settings.data.AllowedOrigins, value], `${value} is now allowed.`))
      setNewOrigin('');
  };

  return (
    <Page
      title="Settings"
      lead="What to register at your connectors' providers, and which sites may receive OAuth results."
    >
      {settings.status === 'loading' && !settings.data && <Loading what="settings" />}
      {settings.status === 'error' && (
        <ErrorNotice message={settings.message} title="The settings could not be loaded" />
      )}
      {settings.data && (
        <>
          <Section title="Integration settings" id="integration-settings">
            <dl className="values">
              <CopyableValue
                label="Service domain"
                value={settings.data.ServiceDomain}
                hint="Where your end users' browsers reach Plugboard. Give it as the application URL when you register an OAuth app."
              />
              <CopyableValue
                label="Callback URL"
                value={settings.data.CallbackUrl}
                hint={
                  <>
                    Register this as the <strong>Redirect URL</strong> of your OAuth app at each provider (for
                    Capsule: developer.capsulecrm.com › Clients › New).
                  </>
                }
              />
            </dl>
          </Section>
          <Section title="Allowed origins" id="allowed-origins">
            <p>
              Pages that may start a connector's sign-in and receive its result (the <code>targetOrigin</code>{' '}
              of <code>/UpdateAccountConnectorOAuth</code>). The console adds its own origin the first time
              you authenticate a connector from it.
            </p>
            <ErrorNotice message={failure} />
            {saved && <Notice kind="success">{saved}</Notice>}
            {settings.data.AllowedOrigins.length === 0 ? (
              <EmptyState title="No origins are allowed yet." />
            ) : (
              <ul className="chip-list" aria-label="Allowed origins">
                {settings.data.AllowedOrigins.map((value) => (
                  <li key={value}>
                    <code>{value}</code>
                    <Button
                      variant="link"
                      busy={saving === value}
                      busyLabel="Removing…"
                      aria-label={`Remove ${value}`}
                      onClick={() => {
                        setSaving(value);
                        void saveOrigins(
                          (settings.data?.AllowedOrigins ?? []).filter((o) => o !== value),
                          `${value} was removed.`,
                        );
                      }}
                    >
                      Remove
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            <form ref={form} className="inline-form" onSubmit={add} noValidate>
              <TextField
                label="Add an origin"
                hint="Scheme, host and port, like https://app.example.com."
                value={newOrigin}
                onChange={setNewOrigin}
                error={originError}
                inputMode="url"
                autoCapitalize="none"
                spellCheck={false}
              />
              <Button type="submit" busy={saving === 'add'} busyLabel="Adding…">
                Add origin
              </Button>
            </form>
          </Section>
        </>
      )}
    </Page>
  );
}
