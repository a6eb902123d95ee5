import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import type { Connector, ConnectorSetup, SandboxInfo, SandboxPreset } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { focusFirstInvalid, SelectField, TextField } from '../components/Field.tsx';
import { ErrorNotice, Loading, Notice } from '../components/Notice.tsx';
import { Section } from '../components/Page.tsx';
import { formatDateTime } from '../lib/format.ts';
import { Link, segment } from '../lib/router.tsx';
import { useApi } from '../lib/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { httpUrl, problems, required } from '../lib/validation.ts';

interface SetupForm {
  clientId: string;
  clientSecret: string;
  authoriseUrl: string;
  accessTokenUrl: string;
  apiBaseUrl: string;
  scopes: string;
  tokenAuthMethod: string;
  issuer: string;
  requestsPerHour: string;
}

type FormErrors = Partial<Record<keyof SetupForm, string>>;

function formOf(setup: ConnectorSetup): SetupForm {
  return {
    clientId: setup.ClientId ?? '',
    clientSecret: '',
    authoriseUrl: setup.AuthoriseUrl,
    accessTokenUrl: setup.AccessTokenUrl,
    apiBaseUrl: setup.ApiBaseUrl,
    scopes: setup.Scopes ?? '',
    tokenAuthMethod: setup.TokenAuthMethod,
    issuer: setup.Issuer ?? '',
    requestsPerHour: String(setup.RequestsPerHour),
  };
}

function check(form: SetupForm, hasSecret: boolean): FormErrors {
  return problems({
    clientId: required(form.clientId, 'the Client ID of your OAuth app'),
    clientSecret: hasSecret ? null : required(form.clientSecret, 'the Client Secret of your OAuth app'),
    authoriseUrl:
      required(form.authoriseUrl, 'the Authorise URL') ?? httpUrl(form.authoriseUrl, 'The Authorise URL'),
    accessTokenUrl:
      required(form.accessTokenUrl, 'the Access Token URL') ??
      httpUrl(form.accessTokenUrl, 'The Access Token URL'),
    apiBaseUrl: httpUrl(form.apiBaseUrl, 'The API base URL'),
    scopes: null,
    tokenAuthMethod: null,
    issuer: httpUrl(form.issuer, 'The issuer'),
    requestsPerHour:
      form.requestsPerHour.trim() === '' || /^\d+$/.test(form.requestsPerHour.trim())
        ? null
        : 'Enter a whole number (0 for no budget).',
  });
}

/** Connector › Setup: the partner's OAuth app for this connector (the four fields of the guide, and more). */
export function ConnectorSetupForm({ connector }: { readonly connector: Connector }) {
  const api = useApi();
  const path = `/v1.0/connectors/${segment(connector.Id)}/setup`;
  const setup = useLoad(path, (signal) => api.get<ConnectorSetup>(path, { signal }));
  const sandbox = useLoad('sandbox', (signal) => api.get<SandboxInfo>('/console-api/sandbox', { signal }));
  const [form, setForm] = useState<SetupForm | null>(null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<'saved' | 'sandbox' | null>(null);
  const formElement = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (setup.data && form === null) setForm(formOf(setup.data));
  }, [setup.data, form]);

  const preset: SandboxPreset | undefined = sandbox.data?.Presets.find(
    (p) => p.ConnectorName === connector.Name && p.ConnectorVersion === connector.Version,
  );

  if (setup.status === 'error' && !setup.data) return <ErrorNotice message={setup.message} />;
  if (!setup.data || !form) return <Loading what="the setup" />;
  const current = setup.data;

  const set = (key: keyof SetupForm) => (value: string) => {
    setForm({ ...form, [key]: value });
    setNotice(null);
  };

  const fillFromSandbox = () => {
    if (!preset) return;
    setForm({
      ...form,
      clientId: preset.ClientId,
      clientSecret: preset.ClientSecret,
      authoriseUrl: preset.AuthoriseUrl,
      accessTokenUrl: preset.AccessTokenUrl,
      apiBaseUrl: preset.ApiBaseUrl,
      scopes: preset.Scopes ?? '',
    });
    setErrors({});
    setNotice('sandbox');
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = check(form, current.HasClientSecret);
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(formElement.current);
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      const saved = await api.send<ConnectorSetup>('PUT', path, {
        body: {
          ClientId: form.clientId.trim(),
          ...(form.clientSecret !== '' ? { ClientSecret: form.clientSecret } : {}),
          AuthoriseUrl: form.authoriseUrl.trim(),
          AccessTokenUrl: form.accessTokenUrl.trim(),
          ApiBaseUrl: form.apiBaseUrl.trim() || null,
          Scopes: form.scopes.trim() || null,
          TokenAuthMethod: form.tokenAuthMethod,
          Issuer: form.issuer.trim() || null,
          RequestsPerHour: form.requestsPerHour.trim() === '' ? null : Number(form.requestsPerHour.trim()),
        },
      });
      setup.setData(saved);
      setForm(formOf(saved));
      setNotice('saved');
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const label = `${connector.Name} ${connector.Version}`;
  return (
    <Section
      title="Setup"
      id="setup"
      actions={preset ? <Button onClick={fillFromSandbox}>Use the Capsule sandbox</Button> : undefined}
    >
      <p>
        Register an OAuth app at the provider with the callback URL below as its Redirect URL, then enter the
        app's details here. Every account that installs {label} signs in through this app.
      </p>
      <dl className="values">
        <div className="value-row">
          <dt>Callback URL</dt>
          <dd>
            <code className="value">{current.CallbackUrl}</code>
            <CopyButton value={current.CallbackUrl} label="Copy the callback URL" />
          </dd>
        </div>
      </dl>
      {notice === 'sandbox' && (
        <Notice kind="info">
          Filled in with the Capsule sandbox's app, which accepts this Plugboard's callback URL. Save to use
          it.
        </Notice>
      )}
      {notice === 'saved' && (
        <Notice kind="success" title={`${label} is set up.`}>
          Test it by installing it in one of your <Link to="/accounts">accounts</Link> and authenticating it.
        </Notice>
      )}
      <form ref={formElement} onSubmit={save} noValidate className="form">
        <ErrorNotice message={failure} />
        <TextField
          label="Client ID"
          value={form.clientId}
          onChange={set('clientId')}
          error={errors.clientId}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label="Client Secret"
          type="password"
          value={form.clientSecret}
          onChange={set('clientSecret')}
          error={errors.clientSecret}
          autoComplete="new-password"
          hint={
            current.HasClientSecret
              ? 'A secret is stored and never shown. Leave this empty to keep it, or type a new one to replace it.'
              : 'Stored encrypted; it is never shown again.'
          }
          placeholder={current.HasClientSecret ? '•••••••• (stored)' : ''}
        />
        <TextField
          label="Authorise URL"
          value={form.authoriseUrl}
          onChange={set('authoriseUrl')}
          error={errors.authoriseUrl}
          inputMode="url"
          spellCheck={false}
          hint="May carry the scope in its query, e.g. …/oauth/authorise?scope=read+write."
        />
        <TextField
          label="Access Token URL"
          value={form.accessTokenUrl}
          onChange={set('accessTokenUrl')}
          error={errors.accessTokenUrl}
          inputMode="url"
          spellCheck={false}
        />
        <TextField
          label="API base URL"
          value={form.apiBaseUrl}
          onChange={set('apiBaseUrl')}
          error={errors.apiBaseUrl}
          inputMode="url"
          spellCheck={false}
          optional
        />
        <TextField
          label="Scopes"
          value={form.scopes}
          onChange={set('scopes')}
          error={errors.scopes}
          spellCheck={false}
          optional
          hint="Space-separated; used only when the Authorise URL has no scope of its own."
        />
        <details className="advanced">
          <summary>Advanced</summary>
          <SelectField
            label="Token endpoint authentication"
            value={form.tokenAuthMethod}
            onChange={set('tokenAuthMethod')}
          >
            <option value="client_secret_post">Client secret in the body (client_secret_post)</option>
            <option value="client_secret_basic">HTTP Basic (client_secret_basic)</option>
          </SelectField>
          <TextField
            label="Issuer"
            value={form.issuer}
            onChange={set('issuer')}
            error={errors.issuer}
            optional
            spellCheck={false}
            hint="The provider's issuer identifier, checked against the iss parameter of the callback (RFC 9207)."
          />
          <TextField
            label="Requests per hour"
            value={form.requestsPerHour}
            onChange={set('requestsPerHour')}
            error={errors.requestsPerHour}
            inputMode="numeric"
            hint="Plugboard's own budget per account connector; 0 for none."
          />
        </details>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy} busyLabel="Saving…">
            Save setup
          </Button>
          {current.UpdatedAtUtc && (
            <span className="meta">Last saved {formatDateTime(current.UpdatedAtUtc)}</span>
          )}
        </div>
      </form>
    </Section>
  );
}
